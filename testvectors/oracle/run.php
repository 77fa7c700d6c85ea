<?php
// Runs paysign's PHP oracles over every vector file, then requires every
// output member of every vector to have been read by one of them or to be
// listed in testvectors/README.md among paysign's own choices.
//
//   payway.php     payway.sign, payway.verify, payway.hash, payway.catalog, payway_e2e.json
//   responses.php  payway.decode_response
//   gateways.php   clearsettle.*, payway.verify_callback, payway.sign_callback
//   bbmsl.php      bbmsl.sign, bbmsl.verify_webhook
//   envelope.php   paysign.version
//
// Usage: php run.php <testvectors dir>

require __DIR__ . '/lib.php';

$dir = $argv[1] ?? __DIR__ . '/..';
$vectors = load_vectors($dir);
foreach (['payway', 'responses', 'gateways', 'bbmsl', 'envelope'] as $oracle) {
  $counts = [$passed, $failed];
  require __DIR__ . "/$oracle.php";
  printf("%-9s oracle: %d passed, %d failed\n", $oracle, $passed - $counts[0], $failed - $counts[1]);
}
$counts = [$passed, $failed];
check_coverage(own_choices(__DIR__ . '/../README.md'));
printf("%-9s check:  %d passed, %d failed\n", 'coverage', $passed - $counts[0], $failed - $counts[1]);
echo "oracles (PHP " . PHP_VERSION . "): $passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
