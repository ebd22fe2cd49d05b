/** Injection token of the validated {@link SubgraphConfig}. */
export const SUBGRAPH_CONFIG = Symbol('SUBGRAPH_CONFIG');
/** Injection token of the service's {@link SubgraphOptions}. */
export const SUBGRAPH_OPTIONS = Symbol('SUBGRAPH_OPTIONS');
