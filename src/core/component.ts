/**
 * A part of the simulated cluster that talks to the others only through the store (scheduler, node agents;
 * controllers, kube-proxy and the CNI runtime are the same shape). The composition root lists a run's
 * components and starts them in order; observers such as the recorder attach to a component's events
 * without replacing anyone else's.
 */
export interface Component {
  /** For messages: "scheduler", "node agents". */
  readonly componentName: string;
  /** Starts watching the store (list + watch). */
  start(): void;
}
