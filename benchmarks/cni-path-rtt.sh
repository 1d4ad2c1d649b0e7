#!/usr/bin/env bash
# Round-trip time of the software paths pod traffic takes, in throwaway network namespaces on this
# machine: two pods on one bridge (same node), two "nodes" joined by a veth (the wire, routed), and a
# VXLAN tunnel between them (flannel's vxlan). Root, iproute2 and ping. It shows why the path model counts
# header bytes but no latency: these paths cost a few µs; latency between nodes is the physical network's.
#   sudo bash benchmarks/cni-path-rtt.sh
# same node: two pods on a bridge; cross node: two "nodes" joined by a veth, pods behind vxlan/ipip/routed.
unshare --net --mount bash -c '
mkdir -p /run/netns && mount -t tmpfs none /run/netns
ip link set lo up
for n in a b; do ip netns add $n; done
ip link add br0 type bridge; ip link set br0 up; ip addr add 10.1.0.1/24 dev br0
for n in a b; do ip link add v$n type veth peer name eth0 netns $n; ip link set v$n master br0 up; done
ip -n a addr add 10.1.0.2/24 dev eth0; ip -n a link set eth0 up; ip -n a link set lo up
ip -n b addr add 10.1.0.3/24 dev eth0; ip -n b link set eth0 up; ip -n b link set lo up
echo -n "same node (bridge): "; ip netns exec a ping -q -c 2000 -i 0.0005 10.1.0.3 | tail -1
# two node namespaces n1 n2 linked by veth (the wire), vxlan between them
ip netns add n1; ip netns add n2
ip link add w1 netns n1 type veth peer name w2 netns n2
ip -n n1 addr add 192.168.50.1/24 dev w1; ip -n n1 link set w1 up; ip -n n1 link set lo up
ip -n n2 addr add 192.168.50.2/24 dev w2; ip -n n2 link set w2 up; ip -n n2 link set lo up
echo -n "between nodes, routed (wire only): "; ip netns exec n1 ping -q -c 2000 -i 0.0005 192.168.50.2 | tail -1
ip -n n1 link add vx0 type vxlan id 1 remote 192.168.50.2 local 192.168.50.1 dstport 8472 dev w1; ip -n n1 addr add 10.2.0.1/24 dev vx0; ip -n n1 link set vx0 up
ip -n n2 link add vx0 type vxlan id 1 remote 192.168.50.1 local 192.168.50.2 dstport 8472 dev w2; ip -n n2 addr add 10.2.0.2/24 dev vx0; ip -n n2 link set vx0 up
echo -n "between nodes, vxlan: "; ip netns exec n1 ping -q -c 2000 -i 0.0005 10.2.0.2 | tail -1
ip -n n1 link add ipip0 type ipip remote 192.168.50.2 local 192.168.50.1 dev w1 2>/dev/null && {
ip -n n2 link add ipip0 type ipip remote 192.168.50.1 local 192.168.50.2 dev w2
ip -n n1 addr add 10.3.0.1/24 dev ipip0; ip -n n1 link set ipip0 up; ip -n n2 addr add 10.3.0.2/24 dev ipip0; ip -n n2 link set ipip0 up
echo -n "between nodes, ipip: "; ip netns exec n1 ping -q -c 2000 -i 0.0005 10.3.0.2 | tail -1; } || echo "ipip: not available"
'
