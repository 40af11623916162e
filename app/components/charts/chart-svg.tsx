// The accessible frame every chart shares: an SVG that scales to its container, announced as one
// image named by its <title> and described by its <desc> (one sentence saying what it shows).
// The page puts the same numbers in a table beside it.
import { useId, type ReactNode } from "react";

export function ChartSvg({
  block,
  width,
  height,
  caption,
  description,
  align = "xMinYMin",
  children,
}: {
  /** The chart's class block, e.g. "app-bar-chart": the SVG gets `<block>__svg`. */
  block: string;
  width: number;
  height: number;
  caption: string;
  description: string;
  align?: "xMinYMin" | "xMidYMid";
  children: ReactNode;
}) {
  const id = useId().replace(/:/g, "");
  return (
    <svg
      className={`${block}__svg`}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      preserveAspectRatio={`${align} meet`}
    >
      <title id={`${id}-title`}>{caption}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}
