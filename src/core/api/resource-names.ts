/** kubectl's resource names, plural, singular and short (`kubectl api-resources`), for the kinds clusterlab has. */
export const RESOURCE_KINDS: Readonly<Record<string, string>> = {
  pods: "Pod", pod: "Pod", po: "Pod",
  nodes: "Node", node: "Node", no: "Node",
  deployments: "Deployment", deployment: "Deployment", deploy: "Deployment",
  replicasets: "ReplicaSet", replicaset: "ReplicaSet", rs: "ReplicaSet",
  jobs: "Job", job: "Job",
  cronjobs: "CronJob", cronjob: "CronJob", cj: "CronJob",
  daemonsets: "DaemonSet", daemonset: "DaemonSet", ds: "DaemonSet",
  statefulsets: "StatefulSet", statefulset: "StatefulSet", sts: "StatefulSet",
  services: "Service", service: "Service", svc: "Service",
  endpointslices: "EndpointSlice", endpointslice: "EndpointSlice",
  events: "Event", event: "Event", ev: "Event",
  poddisruptionbudgets: "PodDisruptionBudget", poddisruptionbudget: "PodDisruptionBudget", pdb: "PodDisruptionBudget",
  horizontalpodautoscalers: "HorizontalPodAutoscaler", horizontalpodautoscaler: "HorizontalPodAutoscaler", hpa: "HorizontalPodAutoscaler",
  resourcequotas: "ResourceQuota", resourcequota: "ResourceQuota", quota: "ResourceQuota",
  namespaces: "Namespace", namespace: "Namespace", ns: "Namespace",
};

/** The group suffix kubectl prints in names and errors ("deployments.apps"). */
export const API_GROUP_SUFFIX: Readonly<Record<string, string>> = { Deployment: ".apps", ReplicaSet: ".apps", DaemonSet: ".apps", StatefulSet: ".apps", Job: ".batch", CronJob: ".batch", EndpointSlice: ".discovery.k8s.io", PodDisruptionBudget: ".policy", HorizontalPodAutoscaler: ".autoscaling" };
