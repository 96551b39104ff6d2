#!/bin/sh
# Starts one container the way Fargate starts a task's container, without a container engine (run as root):
# a root filesystem holding only what the image has, volumes mounted as ECS created them, the root made
# read-only when the task definition says so, then the command run as the task's user in the image's WORKDIR.
# What the image has and how each volume was created is decided by FargateTask.cs (from the Dockerfile and
# the task definition); this script only carries it out.
#
# usage: fargate-task.sh SPEC COMMAND [ARG...]     SPEC lines (paths are the container's):
#   user UID GID                 the process's user
#   workdir PATH                 the image's WORKDIR
#   readonly-root true|false     the task definition's ReadonlyRootFilesystem
#   image-dir PATH UID GID MODE  a directory the image has
#   image-content PATH HOSTDIR   files the image has at PATH (read-only)
#   volume PATH UID GID MODE     a task volume, a new directory for each task, mounted at PATH
# The environment is passed through unchanged: it is the container's.
set -eu
spec=$1
shift
task=$(mktemp -d /tmp/fargate-task.XXXXXX)
trap 'rm -rf "$task"' EXIT
status=0
unshare --mount --propagation private sh -eu -c '
spec=$1; task=$2; shift 2
root=$task/root
mkdir "$root"
mount -t tmpfs -o mode=0755 image-root "$root"
# The operating system of the image: this machine'"'"'s, read-only (Debian like the .NET images).
for p in usr etc; do mkdir "$root/$p"; mount --bind "/$p" "$root/$p"; mount -o remount,bind,ro "$root/$p"; done
for p in dev proc sys; do mkdir "$root/$p"; mount --rbind "/$p" "$root/$p"; done
for l in bin lib lib64 sbin; do ln -s "usr/$l" "$root/$l"; done
volumes=0
readonly_root=false
while read -r kind path a b c; do
  case $kind in
    user) uid=$path; gid=$a ;;
    workdir) workdir=$path ;;
    readonly-root) readonly_root=$path ;;
    image-dir) mkdir -p "$root$path"; chown "$a:$b" "$root$path"; chmod "$c" "$root$path" ;;
    image-content) mkdir -p "$root$path"; mount --bind "$a" "$root$path"; mount -o remount,bind,ro "$root$path" ;;
    volume)
      volumes=$((volumes + 1))
      mkdir "$task/volume-$volumes"; chown "$a:$b" "$task/volume-$volumes"; chmod "$c" "$task/volume-$volumes"
      mkdir -p "$root$path"; mount --bind "$task/volume-$volumes" "$root$path" ;;
    "") ;;
    *) echo "fargate-task.sh: unknown spec line: $kind" >&2; exit 2 ;;
  esac
done < "$spec"
if [ "$readonly_root" = true ]; then mount -o remount,ro "$root"; fi
exec chroot "$root" setpriv --reuid "$uid" --regid "$gid" --clear-groups sh -c '"'"'cd "$0" && exec "$@"'"'"' "$workdir" "$@"
' fargate-task "$spec" "$task" "$@" || status=$?
exit "$status"
