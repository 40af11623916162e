// The ward boundaries upload (/staff/wards/boundaries): its size limit and messages, shared by
// the page (checked in the browser first) and app/models/boundaries.server.ts.
export const MAX_BOUNDARY_BYTES = 50 * 1024 * 1024;

export const BOUNDARY_MESSAGES = {
  choose: "Select a GeoJSON file of ward boundaries",
  empty: "The selected file is empty",
  tooLarge: "The selected file must be smaller than 50MB",
  notText: "The selected file must be a GeoJSON file (text), not a spreadsheet or other document",
  notJson: "The selected file is not GeoJSON: it could not be read as JSON",
  notCollection: "The selected file must be a GeoJSON FeatureCollection of ward boundaries",
  britishNationalGrid: "This file uses British National Grid coordinates. Download the GeoJSON in WGS84 (longitude and latitude) instead.",
  noWardProperty: "The file's features do not say which ward they are: they need a ward code (such as WD24CD) or name (such as WD24NM)",
} as const;
