/**
 * Kubernetes-shaped API objects, as plain data (the JSON form of core/v1).
 * Only the fields the simulator reads are typed; other fields from manifests are kept as-is.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  creationTimestamp?: string;
  generateName?: string;
  ownerReferences?: OwnerReference[];
  deletionTimestamp?: string;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface TypeMeta {
  apiVersion: string;
  kind: string;
}

/** Resource name → quantity string ("500m", "1Gi") or number as it appears in YAML. */
export type ResourceList = Record<string, string | number>;

export interface ResourceRequirements {
  requests?: ResourceList;
  limits?: ResourceList;
}

export interface ContainerPort {
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: "TCP" | "UDP" | "SCTP";
  name?: string;
}

export interface Container {
  name: string;
  image?: string;
  resources?: ResourceRequirements;
  ports?: ContainerPort[];
  /** Only "Always" matters: it marks a sidecar (restartable init container). */
  restartPolicy?: string;
}

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: "Exists" | "Equal";
  value?: string;
  effect?: TaintEffect | "";
  tolerationSeconds?: number;
}

export type LabelSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type NodeSelectorOperator = LabelSelectorOperator | "Gt" | "Lt";

export interface NodeSelectorRequirement {
  key: string;
  operator: NodeSelectorOperator;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface NodeSelector {
  nodeSelectorTerms: NodeSelectorTerm[];
}

export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  namespaces?: string[];
  namespaceSelector?: LabelSelector;
  topologyKey: string;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}

export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

export interface PodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

export interface Affinity {
  nodeAffinity?: NodeAffinity;
  podAffinity?: PodAffinity;
  podAntiAffinity?: PodAffinity;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  labelSelector?: LabelSelector;
  minDomains?: number;
  nodeAffinityPolicy?: "Honor" | "Ignore";
  nodeTaintsPolicy?: "Honor" | "Ignore";
  matchLabelKeys?: string[];
}

export interface PodSchedulingGate {
  name: string;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  nodeName?: string;
  schedulerName?: string;
  priority?: number;
  priorityClassName?: string;
  preemptionPolicy?: "PreemptLowerPriority" | "Never";
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  schedulingGates?: PodSchedulingGate[];
  overhead?: ResourceList;
  /** Pod-level resources (beta in v1.33); when set they replace the container sum. */
  resources?: ResourceRequirements;
  restartPolicy?: string;
  hostNetwork?: boolean;
  /** A StatefulSet's pods: their stable DNS name `<hostname>.<subdomain>` (the governing Service). */
  hostname?: string;
  subdomain?: string;
}

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";

export interface PodCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
}

export interface PodStatus {
  phase?: PodPhase;
  /** The pod's address, from its node's pod CIDR (see network/pod-ip-allocator.ts). */
  podIP?: string;
  nominatedNodeName?: string;
  startTime?: string;
  conditions?: PodCondition[];
}

export interface Pod extends TypeMeta {
  metadata: ObjectMeta;
  spec: PodSpec;
  status?: PodStatus;
}

export interface ContainerImage {
  names: string[];
  sizeBytes: number;
}

export interface NodeSpec {
  unschedulable?: boolean;
  taints?: Taint[];
  podCIDR?: string;
  podCIDRs?: string[];
}

export interface NodeStatus {
  capacity?: ResourceList;
  allocatable?: ResourceList;
  images?: ContainerImage[];
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}

export interface Node extends TypeMeta {
  metadata: ObjectMeta;
  spec: NodeSpec;
  status: NodeStatus;
}

export interface Namespace extends TypeMeta {
  metadata: ObjectMeta;
}

export interface PriorityClass extends TypeMeta {
  metadata: ObjectMeta;
  value: number;
  globalDefault?: boolean;
  preemptionPolicy?: "PreemptLowerPriority" | "Never";
}

/** Any object the store holds. */
export type KubeObject = Pod | Node | Namespace | PriorityClass | (TypeMeta & { metadata: ObjectMeta });

/** Well-known label keys. */
export const LabelHostname = "kubernetes.io/hostname";
export const LabelZone = "topology.kubernetes.io/zone";
export const LabelRegion = "topology.kubernetes.io/region";

/** Resource names the simulator tracks natively (everything else is a scalar/extended resource). */
export const ResourceCPU = "cpu";
export const ResourceMemory = "memory";
export const ResourcePods = "pods";
export const ResourceEphemeralStorage = "ephemeral-storage";
/** Whole GPUs, as the NVIDIA device plugin names them. */
export const ResourceGPU = "nvidia.com/gpu";
/** Per-device GPU share in milli-GPU (1000 = a whole device), for GPU-sharing traces (openb). */
export const ResourceGPUMilli = "clusterlab.io/gpu-milli";
/** Annotation carrying allowed GPU models ("A|B"), as the openb trace's gpu_spec. */
/** How long a pod runs once started (µs): the simulated workload's run time, read by the node agents. */
export const AnnotationDurationUs = "clusterlab.io/duration-us";
export const AnnotationGPUModels = "clusterlab.io/gpu-models";
/** Node label carrying the GPU model. */
export const LabelGPUModel = "clusterlab.io/gpu-model";
/** scheduler-plugins' label naming the PodGroup (gang) a pod belongs to. */
export const LabelPodGroup = "scheduling.x-k8s.io/pod-group";

export function podKey(p: { metadata: ObjectMeta }): string {
  return `${p.metadata.namespace ?? "default"}/${p.metadata.name}`;
}
