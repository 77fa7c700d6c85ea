<?php
// What the oracles share (run.php loads them in turn): the check counter,
// the vector files, and a record of which output members the oracles read.
//
// Every valid test's output (and its then.output) is an Output: reading a
// member through it marks that member of that vector as read. After all
// oracles ran, run.php fails on any output member of any vector that no
// oracle read, unless testvectors/README.md lists it among paysign's own
// choices (member, op, reason). So a new output member, or a vector whose
// member an oracle skips, fails the build until something independent
// checks it or the README says why nothing can.

$passed = 0; $failed = 0;
function check(bool $ok, string $what) {
  global $passed, $failed;
  if ($ok) { $passed++; } else { $failed++; fwrite(STDOUT, "FAIL: $what\n"); }
}

/** A vector's expected value whose member reads are recorded. */
final class Output {
  /** @var array<string, array{string, string, array<string, bool>}> vector key => [op, where, members read] */
  public static array $outputs = [];
  private array $members;
  private string $key;

  public function __construct(object $value, string $key, string $op) {
    $this->members = get_object_vars($value);
    $this->key = $key;
    self::$outputs[$key] = [$op, $key, array_fill_keys(array_keys($this->members), false)];
  }
  public function __get(string $name) {
    if (array_key_exists($name, $this->members)) self::$outputs[$this->key][2][$name] = true;
    return $this->members[$name] ?? null;
  }
  public function __isset(string $name): bool { return isset($this->members[$name]); }
  /** @return list<string> the member names, not marking any as read */
  public function names(): array { return array_keys($this->members); }
}

function request_of($t) {
  if (isset($t->input_raw)) return json_decode($t->input_raw, false);
  if (isset($t->input_b64)) return json_decode(base64_decode($t->input_b64, true), false);
  return $t->input;
}

/**
 * Every test of every vector file as [name, op, test], outputs wrapped in
 * Output. Like the runners, the oracles refuse a file they cannot read or
 * whose schema they do not know, and a miscounted file.
 */
function load_vectors(string $dir): array {
  $tests = [];
  $files = glob("$dir/*.json");
  sort($files);
  check(count($files) > 0, "$dir: no vector file");
  foreach ($files as $path) {
    $file = basename($path);
    $doc = json_decode((string)@file_get_contents($path), false);
    if (!is_object($doc)) { check(false, "$file: cannot read or parse"); continue; }
    if (($doc->schema ?? null) !== 'paysign-vectors-v1') { check(false, "$file: unknown schema " . var_export($doc->schema ?? null, true)); continue; }
    check($doc->number_of_tests === count($doc->tests), "$file: number_of_tests is the number of tests");
    foreach ($doc->tests as $t) {
      $op = $t->op ?? $doc->op;
      $name = "$file #{$t->id} {$t->comment}";
      if ($t->result === 'valid' && isset($t->output) && is_object($t->output)) $t->output = new Output($t->output, "$file #{$t->id}", $op);
      if (isset($t->then->output) && is_object($t->then->output)) $t->then->output = new Output($t->then->output, "$file #{$t->id} then", $t->then->op);
      $tests[] = [$name, $op, $t];
    }
  }
  return $tests;
}

/** The tests of the given ops. */
function tests_of(array $tests, string ...$ops): array {
  return array_values(array_filter($tests, fn($x) => in_array($x[1], $ops, true)));
}

/**
 * paysign's own choices: the rows of the table between the markers
 * <!-- own-choices --> and <!-- /own-choices --> of testvectors/README.md,
 * "| `op` | `member` | why |", as "op member" => why.
 */
function own_choices(string $readme): array {
  $text = (string)file_get_contents($readme);
  if (!preg_match('/<!-- own-choices -->(.*)<!-- \/own-choices -->/s', $text, $m)) return [];
  $rows = [];
  foreach (explode("\n", $m[1]) as $line) {
    if (preg_match('/^\|\s*`([\w.]+)`\s*\|\s*`([\w.]+)`\s*\|\s*(.+?)\s*\|\s*$/', $line, $r)) $rows["{$r[1]} {$r[2]}"] = $r[3];
  }
  return $rows;
}

/** Fails on every output member no oracle read and README does not list. */
function check_coverage(array $own) {
  $used = array_fill_keys(array_keys($own), false);
  $unread = [];
  foreach (Output::$outputs as [$op, $key, $members]) {
    foreach ($members as $member => $read) {
      if (isset($own["$op $member"])) { $used["$op $member"] = true; continue; }
      if (!$read) $unread["$op $member"][] = $key;
    }
  }
  foreach ($unread as $what => $keys) {
    check(false, "output member $what is read by no oracle in " . count($keys) . " vector(s) (e.g. " . implode(', ', array_slice($keys, 0, 3)) . ") and is not among README's own choices");
  }
  foreach ($used as $what => $seen) check($seen, "README's own choice $what names no output member of any vector");
  check(count(Output::$outputs) > 0, 'outputs were read');
}
