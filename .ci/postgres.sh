#!/usr/bin/env bash
# Throwaway PostgreSQL for the Postgres tests: its own data folder under a temp dir, a free port on 127.0.0.1,
# a login role with a random password and a database it owns (and, on PostgreSQL 15+, the right to run CHECKPOINT,
# which the benchmark uses to start every measurement from the same state). Works on a fresh Debian machine (installs the
# `postgresql` package when no server binaries are found; needs root for that).
#
#   bash .ci/postgres.sh start            start a server; prints `export DESTINATION__POSTGRES__CREDENTIALS=...`
#                                         and writes the same lines to <server dir>/env
#   source .ci/postgres.sh start          same, and exports the variables into the calling shell
#   bash .ci/postgres.sh run -- CMD ...   start, run CMD with the credentials in its environment, stop; exit code of CMD
#   bash .ci/postgres.sh stop [DIR]       stop the server and delete its folder (default: $DLT_PG_DIR, else the last started)
#   bash .ci/postgres.sh status [DIR]     tell whether it runs
#
# Environment: DLT_SKIP_POSTGRES=1 makes `start` and `run` do nothing but say so (the tests then report the Postgres
# tests as skipped with that reason). DLT_PG_VERSION picks a major version when several are installed.
# A server that cannot be started is an error (exit 1, with the server log), never a silent skip.

_dlt_pg_main() {
    set -euo pipefail
    local last_file="/tmp/dlt-postgres-$(id -u).last"

    log() { echo "[postgres.sh] $*" >&2; }
    # _dlt_pg_main always runs in its own (sub)shell, and `set -e` is off inside `if`/`||` contexts: fail by exiting
    die() { log "ERROR: $*"; exit 1; }

    find_bin() {
        local want="${DLT_PG_VERSION:-}" d
        if [[ -n "$want" && -x "/usr/lib/postgresql/$want/bin/pg_ctl" ]]; then echo "/usr/lib/postgresql/$want/bin"; return 0; fi
        d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
        if [[ -n "$d" && -x "$d/pg_ctl" && -x "$d/initdb" ]]; then echo "$d"; return 0; fi
        if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return 0; fi
        return 1
    }

    install_server() {
        if [[ $(id -u) -ne 0 ]]; then
            die "no PostgreSQL server binaries found and not root: install the Debian package 'postgresql' (or set DLT_SKIP_POSTGRES=1 to skip the Postgres tests)"
        fi
        log "installing the Debian package postgresql"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >&2 || die "apt-get update failed"
        apt-get install -y -q -o DPkg::Lock::Timeout=120 postgresql >&2 || die "apt-get install postgresql failed"
    }

    # run a server program as the right user: postgres refuses to run as root
    as_pg() {
        if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
    }

    port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

    start() {
        if [[ "${DLT_SKIP_POSTGRES:-}" == "1" ]]; then
            log "DLT_SKIP_POSTGRES=1: not starting PostgreSQL; the Postgres tests report themselves as skipped"
            return 0
        fi
        local bin
        bin=$(find_bin) || { install_server && bin=$(find_bin); } || die "no PostgreSQL server binaries after installing (looked in /usr/lib/postgresql/*/bin and PATH)"
        if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
            die "running as root but there is no 'postgres' user to run the server as (install the Debian package 'postgresql')"
        fi

        local dir base="${TMPDIR:-/tmp}"
        # the server runs as `postgres` when we are root: it must be able to reach the folder
        if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$base"; then base=/tmp; fi
        dir=$(mktemp -d "$base/dlt-pg.XXXXXX") || die "cannot create a folder under $base"
        chmod 700 "$dir"
        if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir" || die "cannot hand $dir to the postgres user"; fi
        local password
        password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
        local user=dlt_loader db=dlt_test

        log "initdb in $dir/data ($("$bin/postgres" --version))"
        if ! as_pg "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1; then
            cat "$dir/initdb.log" >&2
            rm -rf "$dir"
            die "initdb failed"
        fi

        local port started=0 attempt
        for attempt in 1 2 3 4 5 6 7 8 9 10; do
            port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
            port_free "$port" || continue
            if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
                -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
                start >&2; then
                started=1
                break
            fi
            log "start on port $port failed (attempt $attempt), trying another port"
        done
        if [[ $started -ne 1 ]]; then
            log "server log:"; tail -n 40 "$dir/server.log" >&2 || true
            as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
            rm -rf "$dir"
            die "PostgreSQL did not start"
        fi

        if ! as_pg "$bin/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
            -c "CREATE ROLE $user LOGIN PASSWORD '$password'" \
            -c "CREATE DATABASE $db OWNER $user" \
            -c "DO \$\$ BEGIN IF current_setting('server_version_num')::int >= 150000 THEN GRANT pg_checkpoint TO $user; END IF; END \$\$" >&2; then
            as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
            rm -rf "$dir"
            die "could not create the role and database"
        fi

        local url="postgresql://$user:$password@127.0.0.1:$port/$db"
        {
            echo "export DESTINATION__POSTGRES__CREDENTIALS='$url'"
            echo "export DLT_PG_DIR='$dir'"
            echo "export DLT_PG_BIN='$bin'"
        } >"$dir/env"
        chmod 600 "$dir/env"
        echo "$dir" >"$last_file"
        cat "$dir/env"
        log "PostgreSQL is up: postgresql://$user:***@127.0.0.1:$port/$db (folder $dir); stop with: bash .ci/postgres.sh stop $dir"
    }

    resolve_dir() {
        local dir="${1:-${DLT_PG_DIR:-}}"
        if [[ -z "$dir" && -f "$last_file" ]]; then dir=$(cat "$last_file"); fi
        [[ -n "$dir" ]] || die "no server folder given and none started (no \$DLT_PG_DIR, no $last_file)"
        echo "$dir"
    }

    stop() {
        local dir bin
        dir=$(resolve_dir "${1:-}") || return 1
        if [[ -d "$dir/data" ]]; then
            bin=$(find_bin) || die "no pg_ctl found to stop $dir"
            as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2 || log "pg_ctl stop failed (server not running?)"
        fi
        rm -rf "$dir"
        if [[ -f "$last_file" && "$(cat "$last_file")" == "$dir" ]]; then rm -f "$last_file"; fi
        log "stopped and removed $dir"
    }

    status() {
        local dir bin
        dir=$(resolve_dir "${1:-}") || return 1
        bin=$(find_bin) || die "no pg_ctl found"
        as_pg "$bin/pg_ctl" -D "$dir/data" status
    }

    local cmd="${1:-}"
    shift || true
    case "$cmd" in
        start) start ;;
        stop) stop "${1:-}" ;;
        status) status "${1:-}" ;;
        *) echo "usage: $0 start | stop [DIR] | status [DIR] | run -- CMD ..." >&2; return 2 ;;
    esac
}

_dlt_pg_run() {
    # start, run the command with the credentials, always stop
    if [[ "${1:-}" == "--" ]]; then shift; fi
    [[ $# -gt 0 ]] || { echo "usage: $0 run -- CMD ..." >&2; return 2; }
    if [[ "${DLT_SKIP_POSTGRES:-}" == "1" ]]; then
        ( _dlt_pg_main start ) || return 1
        "$@"
        return $?
    fi
    local out rc
    out=$( ( _dlt_pg_main start ) ) || return 1
    eval "$out"
    # shellcheck disable=SC2064
    trap "( _dlt_pg_main stop '$DLT_PG_DIR' ) || true" EXIT
    set +e
    "$@"
    rc=$?
    return $rc
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    # sourced: run in a subshell so `set -e` does not leak into the caller, then export the variables here
    if [[ "${1:-start}" == "start" ]]; then
        if _dlt_pg_out=$( ( _dlt_pg_main start ) ); then
            eval "$_dlt_pg_out"
            unset _dlt_pg_out
        else
            unset _dlt_pg_out
            return 1
        fi
    else
        ( _dlt_pg_main "$@" )
    fi
else
    if [[ "${1:-}" == "run" ]]; then
        shift
        _dlt_pg_run "$@"
        exit $?
    fi
    _dlt_pg_main "$@"
fi
