#!/usr/bin/env bash
# Validates the manifests under deploy/k8s offline and strictly (validate.mjs: the Kubernetes API's schema, and no
# field the API does not have), the objects kustomize renders from them, and that migrate/kustomization.yaml names
# every file under migrations/. The validators come from npm, installed once into deploy/k8s/.tools (git-ignored;
# CATALOGUE_K8S_TOOLS chooses another folder). kustomize's own checks run when kubectl is installed.
# Usage: deploy/k8s/check.sh [FILE...]   (default: every manifest under deploy/k8s)
# Exits 0 when everything is valid, 1 otherwise.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tools=${CATALOGUE_K8S_TOOLS:-$here/.tools}
# Exact versions. kubernetes-models 5.1.0 names no Kubernetes version but has resource.k8s.io/v1 (1.34 and later);
# client-node 2.0.1's models say "OpenAPI spec version: release-1.36".
packages=(kubernetes-models@5.1.0 @kubernetes/client-node@2.0.1 yaml@2.8.1)

command -v node >/dev/null || { echo "check.sh: node is not installed" >&2; exit 2; }
if [ "$(cat "$tools/installed" 2>/dev/null)" != "${packages[*]}" ]; then
  echo "Installing ${packages[*]} into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --ignore-scripts --loglevel=error "${packages[@]}" >/dev/null
  echo "${packages[*]}" > "$tools/installed"
fi
cp "$here/validate.mjs" "$tools/validate.mjs"

failures=0
validate() { node "$tools/validate.mjs" "$@" || failures=$((failures + 1)); }

if [ $# -gt 0 ]; then
  validate "$@"
else
  # Every manifest; the kustomization files are kustomize's, checked by it below.
  cd "$root"
  mapfile -t manifests < <(find deploy/k8s -name '*.yaml' -not -path '*/.tools/*' -not -name kustomization.yaml | sort)
  validate "${manifests[@]}"

  # The migration Job's ConfigMap holds every file under migrations/, no more.
  listed=$(sed -n 's|^ *- \.\./\.\./\.\./migrations/||p' "$here/migrate/kustomization.yaml" | sort | xargs)
  present=$(cd "$root/migrations" && printf "%s\n" *.sql | sort | xargs)
  if [ "$listed" == "$present" ]; then
    echo "ok    migrate/kustomization.yaml names every file under migrations/: $present"
  else
    echo "FAIL  migrate/kustomization.yaml names: $listed; migrations/ holds: $present"
    failures=$((failures + 1))
  fi

  if command -v kubectl >/dev/null; then
    rendered=$(mktemp -d)
    trap 'rm -rf "$rendered"' EXIT
    if kubectl kustomize "$here" > "$rendered/app.yaml" \
      && kubectl kustomize --load-restrictor LoadRestrictionsNone "$here/migrate" > "$rendered/migrate.yaml"; then
      echo "ok    kubectl kustomize deploy/k8s and deploy/k8s/migrate"
      validate "$rendered/app.yaml" "$rendered/migrate.yaml"
    else
      echo "FAIL  kubectl kustomize"
      failures=$((failures + 1))
    fi
  else
    echo "skipped: kubectl kustomize (kubectl is not installed)"
  fi
fi

if [ "$failures" -gt 0 ]; then echo "invalid: see FAIL above"; exit 1; fi
echo "all valid"
