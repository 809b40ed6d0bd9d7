# SPDX-License-Identifier: GPL-2.0
#
# jsonl.awk: what tools/bench/run.sh does to the JSON lines of `synclab
# bench` (tools/cli/bench_json.c prints them, one format, fields in a fixed
# order), by text, without a JSON parser. Every line is identified by its
# run: "PHASE POINT REPEAT ATTEMPTS" where PHASE is kernel (side kernel),
# user (side user-vm) or host (user-host); refscale's lines (label
# refscale) are "refscale MODE 0 1", one key per refscale load.
#
#   awk -v op=annotate -v loads=FILE -v limit=PCT -f jsonl.awk RUN.jsonl
#	Adds "host_other_cpu_pct" to each VM-side line from FILE (lines
#	"KEY PCT", measured by run.sh around the run's begin/end markers) and
#	the flag "disturbed" when PCT > limit; "host_load_unknown" when FILE
#	has no figure for the run. Lines that already carry the field (the
#	host's own) pass unchanged.
#   awk -v op=disturbed [-v phases="kernel user refscale"] -f jsonl.awk MERGED.jsonl
#	Prints what must run again: "kernel POINT N", "user POINT N" or
#	"host POINT N" (N: disturbed repeats of the point), "refscale MODE",
#	for the phases listed (default: the VM's).
#   awk -v op=replace -f jsonl.awk RERUN.jsonl MERGED.jsonl
#	Prints MERGED with each disturbed line replaced by a clean line of
#	the same phase and point from RERUN (which takes the old line's
#	repeat number), while there are any; refscale's lines of a mode are
#	replaced all together when RERUN has clean ones. A disturbed line
#	with no clean replacement stays, flag and all.

# The value of top-level field NAME (its first occurrence), quotes dropped.
function field(name,   s, n) {
	n = length(name) + 3
	if (!match($0, "\"" name "\":[^,}]*"))
		return ""
	s = substr($0, RSTART + n, RLENGTH - n)
	gsub(/"/, "", s)
	return s
}

function key() {
	if (index($0, "\"label\":\"refscale\""))
		return "refscale " field("mode") " 0 1"
	return phase() " " field("point") " " field("repeat") " " field("attempts")
}

function phase(   side) {
	side = field("side")
	return side == "kernel" ? "kernel" : side == "user-vm" ? "user" : "host"
}

function disturbed() {
	return index($0, "\"disturbed\"") > 0
}

function add_flag(f) {
	if (index($0, "\"flags\":[]"))
		sub(/"flags":[[][]]/, "\"flags\":[\"" f "\"]")
	else
		sub(/"flags":[[]/, "\"flags\":[\"" f "\",")
}

BEGIN {
	if (phases == "")
		phases = "kernel user refscale"
	split(phases, f, " ")
	for (i in f)
		wanted[f[i]] = 1
	if (op == "annotate") {
		while ((getline l < loads) > 0) {
			n = split(l, f, " ")
			if (n == 5)
				pct[f[1] " " f[2] " " f[3] " " f[4]] = f[5]
		}
		close(loads)
	}
}

op == "annotate" {
	if (index($0, "\"host_other_cpu_pct\":")) {
		print
		next
	}
	k = key()
	if (k in pct) {
		sub(/,"workload":[{]/, ",\"host_other_cpu_pct\":" pct[k] ",\"workload\":{")
		if (pct[k] + 0 > limit + 0)
			add_flag("disturbed")
	} else {
		add_flag("host_load_unknown")
	}
	print
	next
}

op == "disturbed" {
	if (!disturbed())
		next
	split(key(), f, " ")
	if (!(f[1] in wanted))
		next
	if (f[1] == "refscale") {
		if (!(f[2] in rs)) {
			rs[f[2]] = 1
			order[++norder] = "refscale " f[2]
		}
	} else {
		p = f[1] " " f[2]
		if (!(p in cnt))
			order[++norder] = p
		cnt[p]++
	}
	next
}

# op == "replace", first file: the rerun's lines (may be empty)
op == "replace" && FILENAME == ARGV[1] {
	split(key(), f, " ")
	if (f[1] == "refscale") {
		rsnew[f[2], ++rsn[f[2]]] = $0
		if (disturbed())
			rsbad[f[2]] = 1
	} else if (!disturbed()) {
		p = f[1] " " f[2]
		fresh[p, ++nfresh[p]] = $0
	}
	next
}

# op == "replace", second file: the merged lines so far
op == "replace" {
	split(key(), f, " ")
	if (f[1] == "refscale") {
		m = f[2]
		if (rsn[m] && !rsbad[m]) {
			if (!rsdone[m]) {
				for (i = 1; i <= rsn[m]; i++)
					print rsnew[m, i]
				rsdone[m] = 1
			}
			next
		}
		print
		next
	}
	p = f[1] " " f[2]
	if (disturbed() && used[p] < nfresh[p]) {
		l = fresh[p, ++used[p]]
		sub(/"repeat":[0-9]+/, "\"repeat\":" f[3], l)
		print l
		next
	}
	print
}

END {
	if (op == "disturbed")
		for (i = 1; i <= norder; i++)
			print order[i] (order[i] in cnt ? " " cnt[order[i]] : "")
}
