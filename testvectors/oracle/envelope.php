<?php
// Oracle for paysign.version, paysign's own contract rather than a
// gateway's: the release is the repository's VERSION file, the ABI version
// is the one paysign.h documents, the ops list every op a vector calls, and
// the closed set of error codes holds every code a vector expects.
// Loaded by run.php ($vectors, check()).

$root = __DIR__ . '/../..';
$called = []; $expectedCodes = [];
foreach ($vectors as [, $op, $t]) {
  $called[$op] = true;
  if (isset($t->then->op)) $called[$t->then->op] = true;
  if ($t->result === 'invalid') $expectedCodes[$t->error_code] = true;
}
preg_match('/operations\' contract \((\d+)\)/', (string)file_get_contents("$root/cshared/include/paysign.h"), $m);
foreach (tests_of($vectors, 'paysign.version') as [$name, , $t]) {
  if ($t->result !== 'valid') continue;
  $o = $t->output;
  check($o->version === trim((string)file_get_contents("$root/VERSION")), "$name: version is VERSION's");
  check($o->abi_version === (int)($m[1] ?? -1), "$name: abi_version is paysign.h's");
  // abi.json calls an unknown op on purpose, and test.panic, which only
  // test builds have and no build lists.
  $unknownOps = array_diff(array_keys($called), $o->ops, ['payway.nope', 'test.panic']);
  check($unknownOps === [], "$name: ops lists every op the vectors call (missing: " . implode(', ', $unknownOps) . ')');
  $codes = array_column(array_map(fn($c) => (array)$c, $o->codes), 'code');
  $missing = array_diff(array_keys($expectedCodes), $codes);
  check($missing === [], "$name: codes holds every error code the vectors expect (missing: " . implode(', ', $missing) . ')');
}
