#!/bin/sh
# Writes the recommended cluster for the DLRM trace (see README.md here) as a clusterlab-csv/v1 node
# file: 2,200 CPU nodes (192 vCPU, 1 TiB) and 480 GPU nodes (8 GPUs, 96 vCPU, 512 GiB).
#   sh traces/alibaba-dlrm-2025/recommended-nodes.sh > traces/alibaba-dlrm-2025/recommended-nodes.csv
set -eu
echo "name,cpu_milli,memory_mib,gpu_count,gpu_model,labels"
i=0
while [ "$i" -lt 2200 ]; do printf 'cn-%04d,192000,1048576,0,,clusterlab.io/pool=cn\n' "$i"; i=$((i + 1)); done
i=0
while [ "$i" -lt 480 ]; do printf 'hn-%03d,96000,524288,8,,clusterlab.io/pool=hn\n' "$i"; i=$((i + 1)); done
