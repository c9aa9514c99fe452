// What the benchmark generators read of a server process from /proc: its CPU time, the part of it
// the JVM's JIT compiler threads used, and its RSS. Shared by storm.js and load.js.
'use strict';
const fs = require('fs');
const { execSync } = require('child_process');

const TICKS_PER_SECOND = Number(execSync('getconf CLK_TCK'));

/** User + system CPU seconds from a /proc stat file (a process' or one thread's). */
function statSeconds(path) {
  const stat = fs.readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
}

/** CPU seconds (user + system) the process has used so far; null without a pid. */
function cpuSeconds(pid) {
  return pid ? statSeconds(`/proc/${pid}/stat`) : null;
}

/**
 * CPU seconds the JVM's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre") have used so
 * far, 0 for a process without them (Node): the part of a server's CPU that is the JIT still
 * compiling, reported apart as `hibiki bench` does.
 */
function jitSeconds(pid) {
  if (!pid) return null;
  let seconds = 0;
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      if (/^C[12] CompilerThre/.test(fs.readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8'))) {
        seconds += statSeconds(`/proc/${pid}/task/${task}/stat`);
      }
    } catch { /* the thread ended meanwhile */ }
  }
  return seconds;
}

/** Resident set size in KB; null without a pid. */
function rssKb(pid) {
  if (!pid) return null;
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : null;
}

module.exports = { cpuSeconds, jitSeconds, rssKb };
