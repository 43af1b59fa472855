#!/usr/bin/env python3
"""Compares a suite's results directly against a node and through the front end (compat/run.sh).

  compare.py mtr   DIRECT_RUN_DIR FRONTEND_RUN_DIR OUT_FILE   (each dir holds mtr.log, mysql-test-run's output)
  compare.py junit DIRECT_REPORTS FRONTEND_REPORTS OUT_FILE   (surefire's TEST-*.xml)
  compare.py crashed MTR_LOG TESTS [SERVER_LOG]   after the server crashed during a mysql-test-run: the
                                     test that crashed it, then the tests of TESTS (a list) that ran
                                     after it or not at all

Prints the counts and the tests that pass directly and fail (or do not run) through the front end,
one line each with its first symptom; OUT_FILE gets the same list with each failure's whole text
(mysqltest's error and result diff, or the exception and stack trace)."""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

RESULT = re.compile(r'^(\S+\.\S+)\s+(?:w\d+\s+)?\[ (pass|fail|skipped|disabled) \]\s*(.*)$')


def mtr_results(run_dir):
    """test -> (status, reason, text of its failure)"""
    results = {}
    lines = open(os.path.join(run_dir, 'mtr.log'), encoding='utf-8', errors='replace').read().splitlines()
    current = None
    for line in lines:
        m = RESULT.match(line)
        if m:
            name, status, rest = m.groups()
            results[name] = [status, rest.strip(), []]
            current = name if status == 'fail' else None
        elif line.startswith('-' * 40) or line.startswith('The servers were restarted') \
                or line.startswith('Completed:') or line.startswith('Failed '):
            current = None
        elif current:
            results[current][2].append(line)
    # a test that could not even log in did not run (the node had crashed or was gone)
    return {k: ('norun' if v[0] == 'fail' and any('Could not open connection' in l for l in v[2]) else v[0], v[1], v[2])
            for k, v in results.items()}


def mtr_symptom(status, reason, text):
    for line in text:
        if line.startswith('mysqltest: At line') or line.startswith('mysqltest: Could not open connection'):
            return line[len('mysqltest: '):].strip()
    diff = [l for l in text if (l.startswith('-') or l.startswith('+')) and not l.startswith(('---', '+++'))]
    if diff:
        return ' | '.join(l.strip() for l in diff[:4])
    for line in text:
        if 'mysqltest:' in line or 'timeout' in line.lower():
            return line.strip()
    return reason or 'failed'


def junit_results(report_dir):
    """test -> (status, symptom, text)"""
    results = {}
    for f in sorted(glob.glob(os.path.join(report_dir, 'TEST-*.xml'))):
        try:
            tree = ET.parse(f)
        except ET.ParseError:
            continue
        for case in tree.iter('testcase'):
            name = case.get('classname', '').replace('org.mariadb.jdbc.integration.', '') + '.' + case.get('name', '')
            status, symptom, text = 'pass', '', ''
            for child in case:
                if child.tag in ('failure', 'error'):
                    status = 'fail'
                    text = (child.text or '').strip()
                    message = (child.get('message') or '').strip().splitlines()
                    symptom = (child.get('type') or '') + ': ' + (message[0] if message else '')
                    frame = next((l.strip() for l in text.splitlines()
                                  if 'org.mariadb.jdbc.integration' in l and l.strip().startswith('at ')), '')
                    if frame:
                        symptom += ' [' + frame[3:] + ']'
                    break
                if child.tag == 'skipped':
                    status = 'skipped'
                    symptom = (child.get('message') or '').strip()
            key, n = name, 2
            while key in results:
                key, n = name + '#' + str(n), n + 1
            results[key] = (status, symptom, text)
    return results


def compare(kind, direct, frontend, out_file, crashers=()):
    label = 'mysqltest' if kind == 'mtr' else 'Connector/J'

    def counts(results):
        s = [r[0] for r in results.values()]
        ran = sum(1 for x in s if x in ('pass', 'fail'))
        return '%d passed of %d run (%d failed, %d skipped%s)' % (
            s.count('pass'), ran, s.count('fail'), s.count('skipped') + s.count('disabled'),
            ', %d could not connect' % s.count('norun') if s.count('norun') else '')

    def symptom(r):
        return mtr_symptom(*r) if kind == 'mtr' else r[1]

    passed_direct = [t for t, r in direct.items() if r[0] == 'pass']
    fail_fe = sorted(t for t in passed_direct if t in frontend and frontend[t][0] == 'fail')
    skipped_fe = sorted(t for t in passed_direct if t in frontend and frontend[t][0] in ('skipped', 'disabled'))
    missing_fe = sorted(t for t in passed_direct if t not in frontend or frontend[t][0] == 'norun')
    only_fe = sorted(t for t, r in frontend.items() if r[0] == 'pass' and direct.get(t, ('?',))[0] == 'fail')
    report = [
        '%s direct:    %s' % (label, counts(direct)),
        '%s front end: %s' % (label, counts(frontend)),
        '%s: %d pass directly and fail through the front end, %d pass directly and are skipped through it, '
        '%d pass directly and did not run through it, %d pass only through it' % (
            label, len(fail_fe), len(skipped_fe), len(missing_fe), len(only_fe)),
    ]
    report += ['  FAIL %s: %s' % (t, symptom(frontend[t])) for t in fail_fe]
    report += ['  SKIPPED %s: %s' % (t, frontend[t][1]) for t in skipped_fe]
    report += ['  NOT RUN %s' % t for t in missing_fe]
    report += ['  PASS ONLY THROUGH THE FRONT END %s' % t for t in only_fe]
    if kind == 'mtr':
        report += ['  CRASHED THE NODE DIRECTLY (not run through the front end) %s' % t for t in crashers]
    print('\n'.join(report))
    with open(out_file, 'w', encoding='utf-8') as f:
        f.write('\n'.join(report) + '\n\n')
        for t in fail_fe:
            r = frontend[t]
            body = '\n'.join(r[2]) if kind == 'mtr' else r[2]
            f.write('==== %s\n%s\n%s\n\n' % (t, symptom(r), body))


LOST = re.compile(r'Lost connection|gone away|Communications link failure|\((2013|2006)\)|08S01|Could not open connection')


def crashed(log_file, tests_file, server_log=None):
    """The test that crashed the node, and every test after it or not run. The crash is the first failed
    test that ended at or after the time the server logged "got signal" (SERVER_LOG, the sandbox's
    stderr); without that time, the first failed test whose connection was lost."""
    lines = open(log_file, encoding='utf-8', errors='replace').read().splitlines()
    order, blocks, ended, current = [], {}, {}, None
    for line in lines:
        m = RESULT.match(line)
        if m:
            current = m.group(1)
            order.append(current)
            blocks[current] = [m.group(2)]
        elif current:
            blocks[current].append(line)
            e = re.match(r'\s+Test ended at \d{4}-\d\d-\d\d (\d\d):(\d\d):(\d\d)', line)
            if e:
                ended[current] = int(e.group(1)) * 3600 + int(e.group(2)) * 60 + int(e.group(3))
    signal = None
    if server_log and os.path.exists(server_log):
        for line in open(server_log, encoding='utf-8', errors='replace'):
            g = re.search(r'\s(\d{1,2}):(\d\d):(\d\d) \[ERROR\] mysqld got signal', line)
            if g:
                signal = int(g.group(1)) * 3600 + int(g.group(2)) * 60 + int(g.group(3))
                break
    def lost(t):
        return blocks[t][0] == 'fail' and any(LOST.search(l) for l in blocks[t][1:])
    crash = None
    if signal is not None:  # the clocks agree to the second: several tests may end in the crash's second
        crash = next((t for t in order if ended.get(t, -1) >= signal and lost(t)), None) \
            or next((t for t in order if blocks[t][0] == 'fail' and ended.get(t, -1) >= signal), None)
    if crash is None:
        crash = next((t for t in order if blocks[t][0] == 'fail' and any(LOST.search(l) for l in blocks[t][1:])), None)
    after = order[order.index(crash) + 1:] if crash else []
    tests = [t.strip() for t in open(tests_file) if t.strip()]
    print(crash or '')
    for t in tests:
        if t != crash and (t in after or t not in blocks):
            print(t)


def main():
    if len(sys.argv) in (4, 5) and sys.argv[1] == 'crashed':
        crashed(*sys.argv[2:])
        return
    if len(sys.argv) != 5 or sys.argv[1] not in ('mtr', 'junit'):
        sys.exit(__doc__)
    kind, a, b, out_file = sys.argv[1:]
    read = mtr_results if kind == 'mtr' else junit_results
    crash_file = os.path.join(a, 'crashed')
    crashers = [l.strip() for l in open(crash_file) if l.strip()] if kind == 'mtr' and os.path.exists(crash_file) else []
    compare(kind, read(a), read(b), out_file, crashers)


if __name__ == '__main__':
    main()
