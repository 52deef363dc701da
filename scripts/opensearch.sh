#!/usr/bin/env bash
# Run a real single-node OpenSearch (with the k-NN plugin) on 127.0.0.1 for
# tests and local use.  Usage: bash scripts/opensearch.sh up|down|status
#
# Both zips come from Maven Central via mvn and are cached outside the repo.
# NOTE: Maven Central's k-NN zip ships no native faiss/nmslib libraries: use
# `"engine": "lucene"` (HNSW) for knn_vector fields.  Indexing into a faiss or
# nmslib field throws UnsatisfiedLinkError, which KILLS the node.
#
# Environment:
#   SCOUT_OPENSEARCH_PORT     http port (default 9200)
#   SCOUT_OPENSEARCH_VERSION  OpenSearch version (default 2.19.6; 2.19.x runs on Java 17)
#   SCOUT_CACHE               cache root (default ~/.cache/scout); zips, install, node state
#   SCOUT_OPENSEARCH_HEAP     max heap (default 1g); min heap is 512m
#   SCOUT_OPENSEARCH_USER     unprivileged user to run as when root (default scout-os)
#   OPENSEARCH_JAVA_HOME / JAVA_HOME  JDK to use (else derived from `java` on PATH)
set -euo pipefail

VERSION="${SCOUT_OPENSEARCH_VERSION:-2.19.6}"
PORT="${SCOUT_OPENSEARCH_PORT:-9200}"
CACHE="${SCOUT_CACHE:-$HOME/.cache/scout}/opensearch"
INSTALL="$CACHE/opensearch-$VERSION"
STATE="$CACHE/node-$PORT"
PIDFILE="$STATE/opensearch.pid"
LOG="$STATE/logs/stdout.log"
URL="http://127.0.0.1:$PORT"
OS_USER="${SCOUT_OPENSEARCH_USER:-scout-os}"
WAIT_S=180

say() { echo "opensearch.sh: $*" >&2; }
lock() {  # serialize up/down per port (fd 9 is closed for the node, see cmd_up)
  mkdir -p "$CACHE" && exec 9>"$CACHE/node-$PORT.lock"
  flock -w 300 9 || die "timed out waiting for another opensearch.sh on port $PORT"
}
die() { say "ERROR: $*"; exit 1; }

java_home() {
  if [[ -n "${OPENSEARCH_JAVA_HOME:-}" ]]; then echo "$OPENSEARCH_JAVA_HOME"
  elif [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME"
  else
    local java; java="$(command -v java)" || die "no java on PATH; install a JDK 17+ or set JAVA_HOME"
    dirname "$(dirname "$(readlink -f "$java")")"
  fi
}

# health status (green/yellow/red) of a node answering on $PORT, empty if none
health() {
  curl -fsS -m 3 "$URL/_cluster/health" 2>/dev/null | grep -o '"status":"[a-z]*"' | cut -d'"' -f4 || true
}

node_pid() {  # pid of the node this script started, if it is still alive
  local pid
  [[ -f "$PIDFILE" ]] && pid="$(cat "$PIDFILE" 2>/dev/null)" && [[ -n "$pid" ]] \
    && kill -0 "$pid" 2>/dev/null && grep -q opensearch "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

# OpenSearch refuses to run as root: as root, run the node as an unprivileged user.
ensure_user() {
  [[ $EUID -eq 0 ]] || return 0
  id -u "$OS_USER" >/dev/null 2>&1 && return 0
  say "creating system user $OS_USER"
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$OS_USER"
}

# The node user must be able to traverse every ancestor of the cache (/root is 0700).
ensure_traversable() {
  [[ $EUID -eq 0 ]] || return 0
  local d="" part parts
  IFS=/ read -ra parts <<<"${CACHE#/}"
  for part in "${parts[@]}"; do
    d="$d/$part"
    runuser -u "$OS_USER" -- test -x "$d" && continue
    say "granting $OS_USER search (x) permission on $d"
    if command -v setfacl >/dev/null; then setfacl -m "u:$OS_USER:x" "$d"; else chmod o+x "$d"; fi
  done
}

# The integ-test zip ships only the transport-netty4 module.  k-NN extends
# lang-painless, so modules are assembled from their Maven Central jars (+ deps):
#   name | Maven artifactId (org.opensearch.plugin) | plugin class (2.x names) | extended.plugins
MODULES=(
  "lang-painless|lang-painless|org.opensearch.painless.PainlessPlugin|"
  "analysis-common|analysis-common|org.opensearch.analysis.common.CommonAnalysisPlugin|lang-painless"
  "mapper-extras|mapper-extras-client|org.opensearch.index.mapper.MapperExtrasPlugin|"
)
MVN_DEP="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
mvn_q() {  # quiet mvn; its output only on failure
  local out
  out="$(mvn -q -B "$@" 2>&1)" || { printf '%s\n' "$out" >&2; die "mvn failed: mvn $*"; }
}

fetch_module() {  # $1=name $2=artifactId: the jar and its runtime deps into $CACHE/dist/modules/$1
  local out="$CACHE/dist/modules/$1" pom="$CACHE/dist/modules/$1.pom.xml"
  [[ -n "$(ls -A "$out" 2>/dev/null)" ]] && return 0
  say "fetching module $1 $VERSION from Maven Central"
  mkdir -p "$out"
  cat >"$pom" <<XML
<project><modelVersion>4.0.0</modelVersion><groupId>scout</groupId><artifactId>os-$1</artifactId><version>0</version>
<dependencies><dependency><groupId>org.opensearch.plugin</groupId><artifactId>$2</artifactId><version>$VERSION</version>
<exclusions><exclusion><groupId>org.opensearch</groupId><artifactId>opensearch</artifactId></exclusion></exclusions>
</dependency></dependencies></project>
XML
  mvn_q -f "$pom" "$MVN_DEP:copy-dependencies" -DincludeScope=runtime -DoutputDirectory="$out"
}

install() {
  [[ -d "$INSTALL/plugins/opensearch-knn" ]] && return 0
  command -v mvn >/dev/null || die "mvn is required to fetch OpenSearch from Maven Central"
  local dist="$CACHE/dist" zip="$CACHE/dist/opensearch-$VERSION.zip"
  local knn="$CACHE/dist/opensearch-knn-$VERSION.0.zip" m j name artifact class ext
  mkdir -p "$dist"
  if [[ ! -f "$zip" ]]; then
    say "fetching OpenSearch $VERSION (integ-test-zip) from Maven Central (first time: a few minutes)"
    mvn_q "$MVN_DEP:copy" -DoutputDirectory="$dist" \
      -Dartifact="org.opensearch.distribution.integ-test-zip:opensearch:$VERSION:zip"
  fi
  if [[ ! -f "$knn" ]]; then
    say "fetching opensearch-knn $VERSION.0 from Maven Central"
    mvn_q "$MVN_DEP:copy" -DoutputDirectory="$dist" \
      -Dartifact="org.opensearch.plugin:opensearch-knn:$VERSION.0:zip"
  fi
  say "unpacking into $INSTALL"
  local tmp="$CACHE/.install-$VERSION.$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  # shellcheck disable=SC2064  # expand $tmp now: it is local
  trap "rm -rf '$tmp'" EXIT
  if command -v unzip >/dev/null; then unzip -q "$zip" -d "$tmp"; else python3 -m zipfile -e "$zip" "$tmp"; fi
  local top; top="$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n1)"
  chmod +x "$top"/bin/*
  for m in "${MODULES[@]}"; do
    IFS='|' read -r name artifact class ext <<<"$m"
    fetch_module "$name" "$artifact"
    mkdir -p "$top/modules/$name"
    for j in "$dist/modules/$name"/*.jar; do  # skip jars the core already has (jar hell)
      [[ -e "$top/lib/$(basename "$j")" ]] || cp "$j" "$top/modules/$name/"
    done
    printf '%s\n' "description=$name (assembled by scripts/opensearch.sh)" "version=$VERSION" "name=$name" \
      "classname=$class" "java.version=11" "opensearch.version=$VERSION" "extended.plugins=$ext" \
      "has.native.controller=false" >"$top/modules/$name/plugin-descriptor.properties"
  done
  printf 'grant {\n  permission java.lang.RuntimePermission "createClassLoader";\n  permission java.lang.RuntimePermission "getClassLoader";\n};\n' \
    >"$top/modules/lang-painless/plugin-security.policy"
  say "installing the k-NN plugin"
  OPENSEARCH_JAVA_HOME="$JAVA_HOME_DIR" "$top/bin/opensearch-plugin" install --batch "file://$knn" >&2
  rm -rf "$INSTALL" && mv "$top" "$INSTALL" && rm -rf "$tmp" && trap - EXIT
}

configure() {  # per-port config dir + data/logs, all owned by the node user
  mkdir -p "$STATE/data" "$STATE/logs" "$STATE/tmp"
  rm -rf "$STATE/config" && cp -r "$INSTALL/config" "$STATE/config"
  cat >"$STATE/config/opensearch.yml" <<EOF
# generated by scripts/opensearch.sh
cluster.name: scout-$PORT
node.name: scout-node-$PORT
network.host: 127.0.0.1
http.port: $PORT
discovery.type: single-node
path.data: $STATE/data
path.logs: $STATE/logs
bootstrap.memory_lock: false
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  printf -- '-Xms512m\n-Xmx%s\n' "${SCOUT_OPENSEARCH_HEAP:-1g}" >"$STATE/config/jvm.options.d/scout-heap.options"
  if [[ $EUID -eq 0 ]]; then chown -R "$OS_USER:" "$INSTALL" "$STATE"; fi
}

cmd_up() {
  lock
  local h pid launcher="" t=0; h="$(health)"
  if [[ "$h" == green || "$h" == yellow ]]; then say "already up at $URL ($h)"; echo "$URL"; return 0; fi
  pid="$(node_pid || true)"
  if [[ -n "$pid" ]]; then
    say "node pid $pid is already running (starting?); waiting for it"
  else
    [[ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$URL/" || true)" == 000 ]] \
      || die "something that is not a healthy OpenSearch already answers on $URL"
    JAVA_HOME_DIR="$(java_home)"
    [[ -x "$JAVA_HOME_DIR/bin/java" ]] || die "no java at $JAVA_HOME_DIR/bin/java"
    mkdir -p "$CACHE" && CACHE="$(cd "$CACHE" && pwd)"
    INSTALL="$CACHE/opensearch-$VERSION" STATE="$CACHE/node-$PORT"
    PIDFILE="$STATE/opensearch.pid" LOG="$STATE/logs/stdout.log"
    ensure_user
    install
    configure
    ensure_traversable
    say "starting OpenSearch $VERSION on $URL (log: $LOG)"
    rm -f "$PIDFILE"
    local -a run=()
    if [[ $EUID -eq 0 ]]; then run=(runuser -u "$OS_USER" --); fi
    cd "$STATE"
    # setsid + nohup: the node outlives this script and its terminal.
    setsid nohup "${run[@]}" env OPENSEARCH_JAVA_HOME="$JAVA_HOME_DIR" OPENSEARCH_PATH_CONF="$STATE/config" \
      OPENSEARCH_TMPDIR="$STATE/tmp" "$INSTALL/bin/opensearch" -p "$PIDFILE" >>"$LOG" 2>&1 </dev/null 9>&- &
    launcher=$!
  fi
  while (( t < WAIT_S )); do
    h="$(health)"
    if [[ "$h" == green || "$h" == yellow ]]; then say "up after ${t}s ($h)"; echo "$URL"; return 0; fi
    if [[ -z "$(node_pid)" ]] && ! { [[ -n "$launcher" ]] && kill -0 "$launcher" 2>/dev/null; }; then
      say "the node exited"; break
    fi
    (( t % 10 == 0 && t > 0 )) && say "waiting for OpenSearch... ${t}s"
    sleep 1; t=$((t + 1))
  done
  say "OpenSearch did not become healthy on $URL; last 50 lines of $LOG:"
  tail -n 50 "$LOG" >&2 || true
  exit 1
}

cmd_down() {
  lock
  local pid; pid="$(node_pid || true)"
  if [[ -z "$pid" ]]; then
    rm -f "$PIDFILE"
    [[ -z "$(health)" ]] || die "something answers on $URL but was not started by this script (no live pid in $PIDFILE)"
    say "not running"; return 0
  fi
  say "stopping OpenSearch (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local t=0
  while kill -0 "$pid" 2>/dev/null; do
    if (( t >= 60 )); then say "still alive after ${t}s; sending SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; sleep 1; break; fi
    sleep 1; t=$((t + 1))
  done
  rm -f "$PIDFILE"
  say "stopped"
}

cmd_status() {
  local h; h="$(health)"
  if [[ -n "$h" ]]; then echo "up: $URL ($h)"; [[ "$h" != red ]]; return; fi
  echo "down: nothing answers on $URL"; return 1
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
