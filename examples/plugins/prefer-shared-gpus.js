// A user scheduling plugin: prefer placing a GPU share on a device that is already partly used, so whole
// devices stay free for whole-GPU pods. Load it from an experiment file (`plugins: [plugins/prefer-shared-gpus.js]`)
// and enable it in a KubeSchedulerConfiguration by name, like any in-tree plugin (see README, "Your own plugins").
import { definePlugin, SKIP, MILLI_PER_GPU } from "clusterlab";

export default definePlugin({
  name: "PreferSharedGpus",
  description: "Scores 100 when the pod's GPU share fits on an already partly used device, 0 otherwise.",
  // Validate and default the plugin's args (pluginConfig[].args); this plugin takes none.
  args(raw, path) {
    if (raw != null && Object.keys(raw).length > 0) throw new Error(`${path}: PreferSharedGpus takes no args`);
    return {};
  },
  create() {
    return {
      name: "PreferSharedGpus",
      // Pods without a GPU share are not this plugin's business: Skip drops its Score for them.
      preScore(_state, pod) {
        return pod.gpuCount === 1 && pod.gpuMilli < MILLI_PER_GPU ? null : SKIP;
      },
      score(_state, pod, node) {
        for (let d = 0; d < node.gpuFree.length; d++) {
          const free = node.gpuFree[d];
          if (free < MILLI_PER_GPU && free >= pod.gpuMilli) return 100;
        }
        return 0;
      },
    };
  },
});
