#!/usr/bin/env bash
# Times the reference CNI plugins (Debian's containernetworking-plugins, /usr/lib/cni) on this machine: mean
# µs per ADD and DEL over N pods, each pod in its own network namespace. Everything runs inside a fresh
# network and mount namespace (unshare), so the host's links and iptables are never touched. Root only.
# These figures are the simulated plugins' default latencies (src/plugins/cni/latency.ts).
#   sudo bash benchmarks/cni-latency.sh [N]
set -euo pipefail
N=${1:-40}
if [ -z "${CLUSTERLAB_IN_SANDBOX:-}" ]; then
  exec unshare --net --mount env CLUSTERLAB_IN_SANDBOX=1 bash "$0" "$N"
fi
mkdir -p /run/netns && mount -t tmpfs none /run/netns
ip link set lo up
BIN=${CNI_BIN:-/usr/lib/cni}
export CNI_PATH=$BIN
D=$(mktemp -d)
now() { date +%s%N; }
mean() { echo $(( ($2 - $1) / N / 1000 )); }
call() { # plugin command id netns conf
  echo "$5" | CNI_COMMAND=$2 CNI_CONTAINERID=$3 CNI_NETNS=/run/netns/$4 CNI_IFNAME=eth0 "$BIN/$1"
}
for i in $(seq 1 "$N"); do ip netns add "p$i"; done
IPAM='{"type":"host-local","dataDir":"'$D'","ranges":[[{"subnet":"10.200.0.0/16"}]]}'
BR='{"cniVersion":"1.0.0","name":"lat","type":"bridge","bridge":"cni0","isGateway":true,"ipMasq":true,"ipam":'$IPAM'}'
HL='{"cniVersion":"1.0.0","name":"hl","type":"bridge","ipam":{"type":"host-local","dataDir":"'$D'","ranges":[[{"subnet":"10.201.0.0/16"}]]}}'
LO='{"cniVersion":"1.0.0","name":"lo","type":"loopback"}'
row() { printf '%-12s ADD %7s µs   DEL %7s µs\n' "$1" "$2" "$3"; }

s=$(now); for i in $(seq 1 "$N"); do call loopback ADD "l$i" "p$i" "$LO" >/dev/null; done; m=$(now)
for i in $(seq 1 "$N"); do call loopback DEL "l$i" "p$i" "$LO" >/dev/null; done; e=$(now); row loopback "$(mean "$s" "$m")" "$(mean "$m" "$e")"

s=$(now); for i in $(seq 1 "$N"); do call host-local ADD "h$i" "p$i" "$HL" >/dev/null; done; m=$(now)
for i in $(seq 1 "$N"); do call host-local DEL "h$i" "p$i" "$HL" >/dev/null; done; e=$(now); row host-local "$(mean "$s" "$m")" "$(mean "$m" "$e")"

declare -a RES
s=$(now); for i in $(seq 1 "$N"); do RES[$i]=$(call bridge ADD "b$i" "p$i" "$BR"); done; m=$(now)
row "bridge+ipam" "$(mean "$s" "$m")" "-"
PM='{"cniVersion":"1.0.0","name":"lat","type":"portmap","runtimeConfig":{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]},"prevResult":'
BW='{"cniVersion":"1.0.0","name":"lat","type":"bandwidth","ingressRate":100000000,"ingressBurst":1000000,"egressRate":100000000,"egressBurst":1000000,"prevResult":'
s=$(now); for i in $(seq 1 "$N"); do call portmap ADD "b$i" "p$i" "$PM${RES[$i]}}" >/dev/null; done; m=$(now)
for i in $(seq 1 "$N"); do call portmap DEL "b$i" "p$i" "$PM${RES[$i]}}" >/dev/null; done; e=$(now); row portmap "$(mean "$s" "$m")" "$(mean "$m" "$e")"
s=$(now); for i in $(seq 1 "$N"); do call bandwidth ADD "b$i" "p$i" "$BW${RES[$i]}}" >/dev/null; done; m=$(now)
for i in $(seq 1 "$N"); do call bandwidth DEL "b$i" "p$i" "$BW${RES[$i]}}" >/dev/null; done; e=$(now); row bandwidth "$(mean "$s" "$m")" "$(mean "$m" "$e")"
s=$(now); for i in $(seq 1 "$N"); do call bridge DEL "b$i" "p$i" "$BR" >/dev/null; done; e=$(now)
row "bridge+ipam" "-" "$(mean "$s" "$e")"
echo "($N pods; $(nproc) cores; $(uname -r); plugins from $BIN)"
