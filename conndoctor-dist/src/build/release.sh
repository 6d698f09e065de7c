#!/usr/bin/env bash
# Builds conndoctor's release from the shaded jar (run by Maven in the package phase of conndoctor-dist):
#
#   target/conndoctor-VERSION-linux-x64.tar.gz  a runtime of its own (jlink: only the modules conndoctor
#                                                uses) with its class-data archive, bin/conndoctor, the jar,
#                                                completion, man pages, LICENSE, NOTICE, licenses/
#   target/conndoctor-VERSION.zip               the same without the runtime, for a Java 17+ of one's own
#   target/conndoctor_VERSION_amd64.deb         the runtime image under /usr/lib/conndoctor, /usr/bin/conndoctor,
#                                                man pages and bash/zsh completion (dpkg-deb over the image)
#
# Inputs are what Maven made before: the man pages (target/man/man1), the dependencies' licenses
# (target/licenses). Loopback only: the class list comes from conndoctor's training run (dev.conndoctor.cli.Training).
set -euo pipefail

version=$1 jar=$2 java_home=$3 target=$4 repo=$5
here="$(cd "$(dirname "$0")" && pwd)"
name="conndoctor-$version"
work="$target/release"
started=$SECONDS
step() { printf '[release] %3ds %s\n' $((SECONDS - started)) "$*"; }

rm -rf "$work"
mkdir -p "$work"
umask 022
for tool in tar gzip zip; do
  command -v "$tool" >/dev/null || { echo "release.sh: $tool is needed to build the release (apt-get install $tool)" >&2; exit 1; }
done

# --- the modules: what jdeps finds in the jar, less java.desktop (only Jackson's optional java.beans
# support asks for it, and it does without), plus what is loaded as a service and so never seen by jdeps:
# jdk.crypto.ec (TLS with elliptic curves: most servers' key exchange) and jdk.naming.dns (dnsjava's JNDI
# fallback for finding nameservers, when /etc/resolv.conf says nothing).
step "jdeps"
found="$("$java_home/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$jar")"
modules="$(printf '%s\n' "${found//,/$'\n'}" jdk.crypto.ec jdk.naming.dns | grep -vx 'java.desktop' | sort -u | paste -sd, -)"
printf '%s\n' "$modules" >"$work/modules.txt"
step "modules: $modules"

# --- the runtime
# the modules file uncompressed: the archives compress it better as a whole (the .tar.gz is 4 MB smaller than
# with --compress=2), and classes outside the class-data archive load without inflating
step "jlink"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=0 \
  --output "$work/runtime"

# --- the class-data archive of this runtime: the JDK classes conndoctor's training run loads, in the
# runtime's default place (lib/server/classes.jsa), where every run finds it wherever the folder is. Its
# own classes cannot be archived here: a JDK 17 archive names the jar by its absolute path. The class list
# ships, so that an archive of conndoctor's classes is made where the jar lands (the .deb's postinst, or
# bin/conndoctor beside a run when its folder is writable).
step "class-data archive"
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData)
(cd "$work" && runtime/bin/java "${flags[@]}" -Xshare:off -XX:DumpLoadedClassList=conndoctor.classlist \
  -cp "$jar" dev.conndoctor.cli.Training) >/dev/null 2>&1
rm -f "$work/runtime/lib/server/classes.jsa"
"$work/runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$work/conndoctor.classlist" \
  -XX:SharedArchiveFile="$work/runtime/lib/server/classes.jsa" >"$work/dump.log" 2>&1 \
  || { cat "$work/dump.log" >&2; exit 1; }
"$work/runtime/bin/java" -Xshare:on -version >/dev/null 2>&1 || { echo "the runtime does not map its archive" >&2; exit 1; }

# --- the common tree: launcher, jar, completion, man pages, legal
step "tree"
common="$work/common"
mkdir -p "$common/bin" "$common/lib" "$common/completion" "$common/man/man1" "$common/licenses"
install -m 755 "$here/../release/bin/conndoctor" "$common/bin/conndoctor"
install -m 644 "$jar" "$common/lib/conndoctor.jar"
install -m 644 "$work/conndoctor.classlist" "$common/lib/conndoctor.classlist"
"$work/runtime/bin/java" -cp "$jar" dev.conndoctor.cli.Main completion bash >"$common/completion/conndoctor.bash"
"$work/runtime/bin/java" -cp "$jar" dev.conndoctor.cli.Main completion zsh >"$common/completion/_conndoctor"
chmod 644 "$common/completion/"*
cp "$target/man/man1/"*.1 "$common/man/man1/"
chmod 644 "$common/man/man1/"*
install -m 644 "$repo/LICENSE" "$repo/NOTICE" "$common/"
for dir in "$target/licenses"/*/; do
  artifact="$(basename "$dir")"
  while IFS= read -r -d '' file; do
    install -m 644 "$file" "$common/licenses/$artifact-$(basename "$file")"
  done < <(find "$dir" -type f -print0)
done

# tar and zip with fixed owners and sorted names: the same inputs give the same archive
tar_it() { tar --sort=name --owner=0 --group=0 --numeric-owner --mode=u+w,go-w -C "$1" -czf "$2" "$3"; }

# the .tar.gz and the .deb run on Linux x86-64 with glibc (so does their runtime): sqlite-jdbc's native
# libraries for other systems leave their copy of the jar (the .zip keeps them all)
linux_x64_jar() {
  install -m 644 "$jar" "$1"
  zip -q -d "$1" 'org/sqlite/native/Linux-Musl/*' 'org/sqlite/native/Linux/aarch64/*' 'org/sqlite/native/Linux/arm/*' \
    'org/sqlite/native/Linux/armv6/*' 'org/sqlite/native/Linux/armv7/*' 'org/sqlite/native/Linux/ppc64/*' \
    'org/sqlite/native/Linux/riscv64/*' 'org/sqlite/native/Linux/x86/*' >/dev/null
}

# --- conndoctor-VERSION-linux-x64.tar.gz
step "tar.gz"
rm -f "$target/$name-linux-x64.tar.gz" "$target/$name.zip" "$target/conndoctor_${version}_amd64.deb"
mkdir -p "$work/tar"
cp -a "$common" "$work/tar/$name"
linux_x64_jar "$work/tar/$name/lib/conndoctor.jar"
cp -a "$work/runtime" "$work/tar/$name/runtime"
tar_it "$work/tar" "$target/$name-linux-x64.tar.gz" "$name"

# --- conndoctor-VERSION.zip: no runtime, bin/conndoctor finds JAVA_HOME's or PATH's Java 17+
step "zip"
mkdir -p "$work/zip"
cp -a "$common" "$work/zip/$name"
(cd "$work/zip" && find "$name" -print | sort | zip -q -X -y -@ "$target/$name.zip")

# --- conndoctor_VERSION_amd64.deb: the image under /usr/lib/conndoctor, dpkg-deb over it
if ! command -v dpkg-deb >/dev/null; then
  step "no .deb: dpkg-deb is not installed (apt-get install dpkg, dnf install dpkg)"
  exit 0
fi
step "deb"
deb="$work/deb"
prefix="$deb/usr/lib/conndoctor"
mkdir -p "$prefix" "$deb/usr/bin" "$deb/usr/share/man/man1" "$deb/usr/share/bash-completion/completions" \
  "$deb/usr/share/zsh/vendor-completions" "$deb/usr/share/doc/conndoctor" "$deb/DEBIAN"
cp -a "$common/bin" "$common/lib" "$prefix/"
linux_x64_jar "$prefix/lib/conndoctor.jar"
cp -a "$work/runtime" "$prefix/runtime"
ln -s ../lib/conndoctor/bin/conndoctor "$deb/usr/bin/conndoctor"
for page in "$common/man/man1/"*.1; do
  gzip -9n <"$page" >"$deb/usr/share/man/man1/$(basename "$page").gz"
done
install -m 644 "$common/completion/conndoctor.bash" "$deb/usr/share/bash-completion/completions/conndoctor"
install -m 644 "$common/completion/_conndoctor" "$deb/usr/share/zsh/vendor-completions/_conndoctor"
cat "$repo/LICENSE" "$repo/NOTICE" >"$deb/usr/share/doc/conndoctor/copyright"
cp -a "$common/licenses" "$deb/usr/share/doc/conndoctor/licenses"
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$deb" | cut -f1)/" \
  "$here/../release/debian/control" >"$deb/DEBIAN/control"
install -m 755 "$here/../release/debian/postinst" "$here/../release/debian/prerm" "$deb/DEBIAN/"
chmod -R go-w "$deb"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$deb" "$target/conndoctor_${version}_amd64.deb" >/dev/null

step "done: $(cd "$target" && du -h "$name-linux-x64.tar.gz" "$name.zip" "conndoctor_${version}_amd64.deb" | tr '\n\t' '; ')"
