// Shown on a round's applicant pages when staff open them before the round is published:
// what applicants will see, with nothing stored.
import { Link } from "@remix-run/react";
import { NotificationBanner } from "./govuk/content";

export function PreviewBanner({ cycleId }: { cycleId: number }) {
  return (
    <NotificationBanner title="Preview">
      <p className="govuk-notification-banner__heading">You are seeing this round as applicants will once it is published.</p>
      <p className="govuk-body">
        Applicants cannot see it yet, and nothing you do here is saved.{" "}
        <Link className="govuk-notification-banner__link" to={`/staff/cycles/${cycleId}/preview`}>
          Back to the preview of the round
        </Link>
      </p>
    </NotificationBanner>
  );
}
