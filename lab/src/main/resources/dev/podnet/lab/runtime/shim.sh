# podnet container shim. It runs in the container's own mount namespace (unshare --mount),
# inside the pod's network and UTS namespaces, and:
#  - bind-mounts the pod's /etc/hosts and /etc/resolv.conf, as kubelet does;
#  - bind-mounts the pod's service-account directory read-only at its kubelet path (the empty
#    mount point is made on the host once; the mount itself is only in this mount namespace);
#  - runs the container's argv as its child, forwarding SIGTERM/SIGINT to it;
#  - writes the exit code to a file, so a restarted podnetd that adopted this process
#    (and so cannot wait for it) still learns how it ended;
#  - with the ebpf datapath, first joins the node's pod cgroup, where the socket programs are.
hosts=$1; resolv=$2; exitfile=$3; workdir=$4; sadir=$5; satarget=$6; cgprocs=$7; shift 7
fail() { echo "podnet: $1" >&2; echo 128 > "$exitfile"; exit 128; }
if [ -n "$cgprocs" ]; then
  echo $$ > "$cgprocs" || fail "cannot join the node's pod cgroup $cgprocs (is the node's ebpf datapath up?)"
fi
mount --bind "$hosts" /etc/hosts || fail "cannot bind-mount the pod's /etc/hosts"
mount --bind "$resolv" /etc/resolv.conf || fail "cannot bind-mount the pod's /etc/resolv.conf"
if [ -n "$sadir" ]; then
  mkdir -p "$satarget" && mount --bind "$sadir" "$satarget" && mount -o remount,bind,ro "$satarget" \
    || fail "cannot mount the service-account token at $satarget"
fi
if [ -n "$workdir" ]; then cd "$workdir" || fail "workingDir $workdir: no such directory"; fi
"$@" <&0 &
c=$!
trap 'kill -TERM $c 2>/dev/null' TERM
trap 'kill -INT $c 2>/dev/null' INT
rc=0
while :; do
  wait $c; rc=$?
  kill -0 $c 2>/dev/null || break
done
echo $rc > "$exitfile"
exit $rc
