/** What one module's demo tells `hotloop demo`. */
export interface DemoReport {
  title: string;
  /** Time of the main computation, in milliseconds. */
  ms: number;
  lines: string[];
}
