#!/bin/bash
# Runs an experiment as a Slurm job array: each array task runs one shard of the run list
# (clusterlab run --shard auto reads SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT), and task 0 submits
# a merge job that starts once every task has succeeded (afterok on the whole array) and writes the
# combined results folder, with statistics, charts and report.html.
#
# From a built clusterlab checkout (npm ci && npm run build), on a Slurm login node:
#   sbatch examples/slurm-array.sh
#   sbatch --export=ALL,EXPERIMENT=examples/sweep-pct.yaml,OUT=results/sweep-pct examples/slurm-array.sh
# Shards go to $OUT.shards/shard-<task>, the merged results to $OUT. To change the number of shards,
# change --array (0-3 = 4 shards); nothing else needs to change.
#
#SBATCH --job-name=clusterlab
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=01:00:00
#SBATCH --output=clusterlab-%A_%a.out
set -euo pipefail

cd "${SLURM_SUBMIT_DIR:-.}"
EXPERIMENT="${EXPERIMENT:-examples/compare-openb.yaml}"
OUT="${OUT:-results/$(basename "$EXPERIMENT" .yaml)}"
SHARDS_DIR="$OUT.shards"

# One shard per array task; as many worker threads as the task has CPUs.
npx --no-install clusterlab run "$EXPERIMENT" --shard auto --jobs "${SLURM_CPUS_PER_TASK:-1}" \
  --out "$SHARDS_DIR/shard-$SLURM_ARRAY_TASK_ID"

# The first task queues the merge, to run after all tasks of this array have succeeded.
if [ "$SLURM_ARRAY_TASK_ID" = "${SLURM_ARRAY_TASK_MIN:-0}" ]; then
  sbatch --dependency="afterok:$SLURM_ARRAY_JOB_ID" --job-name=clusterlab-merge \
    --cpus-per-task=1 --mem=4G --time=00:30:00 --output="clusterlab-merge-%j.out" \
    --wrap="cd '$PWD' && npx --no-install clusterlab merge '$OUT' '$SHARDS_DIR'/shard-*"
fi
