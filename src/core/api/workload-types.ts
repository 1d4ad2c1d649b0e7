/**
 * Workload API objects (apps/v1) as plain data: ReplicaSet and Deployment, with the fields their
 * controllers read and write. Defaults are applied by `defaultDeployment` / `defaultReplicaSet` as the
 * API server's SetDefaults_* do.
 */
import type { LabelSelector, ObjectMeta, PodSpec, TypeMeta } from "./types.js";

export interface PodTemplateSpec {
  metadata?: Omit<ObjectMeta, "name"> & { name?: string };
  spec: PodSpec;
}

export interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration?: number;
}

export interface ReplicaSet extends TypeMeta {
  metadata: ObjectMeta & { generation?: number };
  spec: ReplicaSetSpec;
  status?: ReplicaSetStatus;
}

/** An int ("2") or a percentage ("25%"), as intstr.IntOrString. */
export type IntOrString = number | string;

export interface DeploymentStrategy {
  type?: "RollingUpdate" | "Recreate";
  rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString };
}

export interface DeploymentSpec {
  replicas?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
  strategy?: DeploymentStrategy;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

export interface DeploymentCondition {
  type: "Available" | "Progressing" | "ReplicaFailure";
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  collisionCount?: number;
  conditions?: DeploymentCondition[];
}

export interface Deployment extends TypeMeta {
  metadata: ObjectMeta & { generation?: number };
  spec: DeploymentSpec;
  status?: DeploymentStatus;
}

/** Annotations and labels the Deployment controller maintains (pkg/controller/deployment/util). */
export const RevisionAnnotation = "deployment.kubernetes.io/revision";
export const DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
export const MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
export const DefaultDeploymentUniqueLabelKey = "pod-template-hash";

/** SetDefaults_Deployment (apps/v1). */
export function defaultDeployment(d: Deployment): Deployment {
  const s = d.spec;
  s.replicas ??= 1;
  s.strategy ??= {};
  s.strategy.type ??= "RollingUpdate";
  if (s.strategy.type === "RollingUpdate") {
    s.strategy.rollingUpdate ??= {};
    s.strategy.rollingUpdate.maxUnavailable ??= "25%";
    s.strategy.rollingUpdate.maxSurge ??= "25%";
  }
  s.revisionHistoryLimit ??= 10;
  s.progressDeadlineSeconds ??= 600;
  s.minReadySeconds ??= 0;
  d.metadata.generation ??= 1;
  return d;
}

/** SetDefaults_ReplicaSet (apps/v1). */
export function defaultReplicaSet(rs: ReplicaSet): ReplicaSet {
  rs.spec.replicas ??= 1;
  rs.spec.minReadySeconds ??= 0;
  rs.metadata.generation ??= 1;
  return rs;
}

export interface JobSpec {
  parallelism?: number;
  completions?: number;
  completionMode?: "NonIndexed" | "Indexed";
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  suspend?: boolean;
  selector?: LabelSelector;
  template: PodTemplateSpec;
}

export interface JobCondition {
  type: "Complete" | "Failed" | "Suspended" | "SuccessCriteriaMet" | "FailureTarget";
  status: "True" | "False";
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface JobStatus {
  active?: number;
  succeeded?: number;
  failed?: number;
  ready?: number;
  startTime?: string;
  completionTime?: string;
  /** Indexed jobs: the completed indexes as "1,3-5". */
  completedIndexes?: string;
  conditions?: JobCondition[];
}

export interface Job extends TypeMeta {
  metadata: ObjectMeta & { generation?: number };
  spec: JobSpec;
  status?: JobStatus;
}

export const JobNameLabel = "batch.kubernetes.io/job-name";
export const JobControllerUidLabel = "batch.kubernetes.io/controller-uid";
export const JobCompletionIndexAnnotation = "batch.kubernetes.io/job-completion-index";

/** SetDefaults_Job (batch/v1). */
export function defaultJob(j: Job): Job {
  const s = j.spec;
  // Neither set: one pod to run to completion.
  if (s.completions === undefined && s.parallelism === undefined) s.completions = 1;
  s.parallelism ??= 1;
  s.completionMode ??= "NonIndexed";
  s.backoffLimit ??= 6;
  s.suspend ??= false;
  j.metadata.generation ??= 1;
  return j;
}

export interface DaemonSetSpec {
  selector: LabelSelector;
  template: PodTemplateSpec;
  minReadySeconds?: number;
}

export interface DaemonSetStatus {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  numberAvailable?: number;
  updatedNumberScheduled?: number;
  observedGeneration?: number;
}

export interface DaemonSet extends TypeMeta {
  metadata: ObjectMeta & { generation?: number };
  spec: DaemonSetSpec;
  status?: DaemonSetStatus;
}

export interface StatefulSetSpec {
  replicas?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
  serviceName?: string;
  podManagementPolicy?: "OrderedReady" | "Parallel";
  updateStrategy?: { type?: "RollingUpdate" | "OnDelete"; rollingUpdate?: { partition?: number } };
  minReadySeconds?: number;
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
}

export interface StatefulSet extends TypeMeta {
  metadata: ObjectMeta & { generation?: number };
  spec: StatefulSetSpec;
  status?: StatefulSetStatus;
}

export const StatefulSetPodNameLabel = "statefulset.kubernetes.io/pod-name";
export const PodIndexLabel = "apps.kubernetes.io/pod-index";

/** SetDefaults_StatefulSet (apps/v1). */
export function defaultStatefulSet(s: StatefulSet): StatefulSet {
  s.spec.replicas ??= 1;
  s.spec.podManagementPolicy ??= "OrderedReady";
  s.spec.updateStrategy ??= { type: "RollingUpdate", rollingUpdate: { partition: 0 } };
  s.spec.minReadySeconds ??= 0;
  s.metadata.generation ??= 1;
  return s;
}

export interface CronJob extends TypeMeta {
  metadata: ObjectMeta & { generation?: number };
  spec: {
    schedule: string;
    timeZone?: string;
    startingDeadlineSeconds?: number;
    concurrencyPolicy?: "Allow" | "Forbid" | "Replace";
    suspend?: boolean;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    jobTemplate: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: JobSpec };
  };
  status?: { active?: { kind: string; name: string; namespace: string; uid: string }[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
}

/** SetDefaults_CronJob (batch/v1). */
export function defaultCronJob(c: CronJob): CronJob {
  c.spec.concurrencyPolicy ??= "Allow";
  c.spec.suspend ??= false;
  c.spec.successfulJobsHistoryLimit ??= 3;
  c.spec.failedJobsHistoryLimit ??= 1;
  c.metadata.generation ??= 1;
  return c;
}
