#!/usr/bin/env python3
"""Mutation check for the property suite: applies small deliberate bugs to the accounting and
placement code, one at a time, in a scratch copy of the tree, and shows that the property
tests fail for each. Prints killed/total; exits 1 if any mutant survives.

Usage: python3 property_tests/mutation_check.py [--keep] [--only TEXT]...
  (all mutants take about an hour on 2 cores; --only runs those whose name contains TEXT)
"""
import os
import shutil
import subprocess
import sys
import tempfile

# (name, file, original text, mutated text). Each original must occur exactly once.
MUTANTS = [
    ("over-commit check uses <= instead of <", "fakes/fake_maas.cc",
     "static_cast<double>(host->used.cores + r.cores) < 0) {",
     "static_cast<double>(host->used.cores + r.cores) <= 0) {"),
    ("memory over-commit ratio ignored", "fakes/fake_maas.cc",
     "if (static_cast<double>(s.memory) * s.memory_over_commit_ratio -",
     "if (static_cast<double>(s.memory) -"),
    ("storage not returned on decompose", "fakes/fake_maas.cc",
     "          host->pools[pool].allocated -= bytes;\n", ""),
    ("foreign projects counted in used", "fakes/fake_maas.cc",
     "  const bool tracked = host.Tracked(project);",
     "  const bool tracked = true;"),
    ("available clamped at 0", "fakes/fake_maas.cc",
     "v.available = {v.total.cores - v.used.cores,",
     "v.available = {std::max<int64_t>(0, v.total.cores - v.used.cores),"),
    ("decompose frees at once (not asynchronously)", "fakes/fake_maas.cc",
     "pending_decomposes_.emplace(clock_.Now() + options_.decompose_delay(), m.system_id);",
     "pending_decomposes_.emplace(clock_.Now(), m.system_id);"),
    ("compose storage not counted in used", "fakes/fake_maas.cc",
     "      host.used.local_storage += bytes;\n", ""),
    ("zone constraint ignored in placement", "core/placement.cc",
     "  if (r.zone && h.zone.name != *r.zone) return false;\n", ""),
    ("spread zones ignored in placement", "core/placement.cc",
     "if (r.exclude_hosts.contains(h.id) || r.avoid_zones.contains(h.zone.name)) return false;",
     "if (r.exclude_hosts.contains(h.id)) return false;"),
    ("best-fit ranks cores before memory", "core/placement.cc",
     "case PlacementPolicy::kBestFit: key = {mem_left, cores_left}; break;",
     "case PlacementPolicy::kBestFit: key = {cores_left, mem_left}; break;"),
    ("query tag filter ignored", "core/types.cc",
     "return std::all_of(tags.begin(), tags.end(), [&](const auto& t) { return host.HasTag(t); });",
     "return true;"),
    ("no reconciliation after a lost answer", "core/lxd_service.cc",
     "    if ((last.kind() == ErrorKind::kOutcomeUnknown || last.kind() == ErrorKind::kAlreadyExists) &&",
     "    if (false &&"),
    ("unhealthy hosts not skipped in placement", "core/placement.cc",
     "  if (r.unhealthy != nullptr && r.unhealthy->contains(h.id)) return false;\n", ""),
    ("per-VM memory cap not checked", "fakes/compose_form.cc",
     "r.memory = v.Integer(\"memory\", kMinComposedMemory, c.max_memory, kDefaultComposedMemory);",
     "r.memory = v.Integer(\"memory\", kMinComposedMemory, INT64_MAX, kDefaultComposedMemory);"),
    ("pinned cores do not size the LXD VM", "fakes/compose_form.h",
     "return driver_pins && !pinned_cores.empty() ? static_cast<int64_t>(pinned_cores.size()) : cores;",
     "return cores;"),
    ("hugepages-backed memory not counted in used", "fakes/fake_maas.cc",
     "host.used.memory += r.memory;", "if (!r.hugepages_backed) host.used.memory += r.memory;"),
    ("disks' storage-pool tags ignored", "fakes/fake_maas.cc",
     "    if (!tagged.empty()) {", "    if (false) {"),
    ("a requested IP outlives its machine", "fakes/fake_maas.cc",
     "for (const auto& ip : m.life->ip_addresses) ips_in_use_.erase(ip);", ""),
    ("a requested IP in use is given again", "fakes/fake_maas.cc",
     "ips_in_use_.contains(ip) || ", ""),
    ("rebalancing frees originals before their replacements are Ready", "core/rebalance.cc",
     "if (Fits(held[b], r)) targets[q].Offer(", "if (Fits(hosts[b], r)) targets[q].Offer("),
]

PROPS = ["fake_maas_model_props", "placement_props", "pure_props", "simulator_props"]


def run(cmd, cwd, quiet=True):
    # Five times the default cases: some mutants (a plan that frees originals too soon) show
    # only in crowded cases.
    env = dict(os.environ, RC_PARAMS=os.environ.get("RC_PARAMS", "max_success=500"))
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE if quiet else None,
                          stderr=subprocess.STDOUT if quiet else None, text=True, env=env)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    scratch = tempfile.mkdtemp(prefix="vmsim-mutants-")
    shutil.copytree(root, os.path.join(scratch, "src"),
                    ignore=shutil.ignore_patterns("build", ".git"))
    src = os.path.join(scratch, "src")
    build = os.path.join(scratch, "build")
    print(f"scratch copy: {src}")
    configure = ["cmake", "-S", src, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                 "-DVMSIM_BUILD_BENCHMARKS=OFF"]
    if run(configure, src).returncode != 0 or run(["cmake", "--build", build, "--target"] + PROPS, src).returncode != 0:
        sys.exit("the unmutated tree does not build")
    for p in PROPS:
        if run([os.path.join(build, "property_tests", p)], src).returncode != 0:
            sys.exit(f"{p} fails on the unmutated tree: fix that first")
    only = [sys.argv[i + 1] for i, a in enumerate(sys.argv[:-1]) if a == "--only"]
    chosen = [m for m in MUTANTS if not only or any(text in m[0] for text in only)]
    killed = 0
    for name, path, before, after in chosen:
        full = os.path.join(src, path)
        text = open(full).read()
        if text.count(before) != 1:
            sys.exit(f"mutant '{name}': the original text is not found exactly once in {path}")
        open(full, "w").write(text.replace(before, after))
        try:
            built = run(["cmake", "--build", build, "--target"] + PROPS, src)
            if built.returncode != 0:
                verdict, dead = "killed (does not compile)", True
            else:
                failing = [p for p in PROPS
                           if run([os.path.join(build, "property_tests", p)], src).returncode != 0]
                dead = bool(failing)
                verdict = f"killed by {', '.join(failing)}" if dead else "SURVIVED"
        finally:
            open(full, "w").write(text)
        killed += dead
        print(f"  {name:48s} {verdict}", flush=True)
    print(f"mutants killed: {killed}/{len(chosen)}")
    if "--keep" not in sys.argv:
        shutil.rmtree(scratch)
    sys.exit(0 if killed == len(chosen) else 1)


if __name__ == "__main__":
    main()
