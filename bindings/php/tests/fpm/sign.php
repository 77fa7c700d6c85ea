<?php

// A PHP-FPM request script for FpmTest. The paysign classes are NOT included
// here: they come from opcache.preload (bindings/php/preload.php). Under the
// default ffi.enable=preload this script itself may not use FFI, but the
// preloaded classes may, and they open the library lazily in this worker.

declare(strict_types=1);

use PaySign\Library;
use PaySign\PaySign;

header('Content-Type: application/json');
$report = [
    'pid' => getmypid(),
    'ffi_enable' => ini_get('ffi.enable'),
    'class_preloaded' => class_exists(PaySign::class, false),
    // Static properties are reset per request, so FFI::cdef runs once per
    // request (cheap); the library itself stays mapped in the worker.
    'loaded_before_request' => Library::isLoaded(),
    'mapped_before_request' => str_contains((string) file_get_contents('/proc/self/maps'), 'libpaysign.so'),
];
try {
    \FFI::cdef('int abs(int);');
    $report['script_ffi'] = 'allowed';
} catch (\Throwable $e) {
    $report['script_ffi'] = str_contains($e->getMessage(), 'restricted') ? 'restricted' : get_class($e);
}
$calls = (int) ($_GET['calls'] ?? 1);
$start = hrtime(true);
PaySign::call('paysign.version', []);
$report['first_call_us'] = intdiv(hrtime(true) - $start, 1000);
$start = hrtime(true);
for ($i = 0; $i < $calls; $i++) {
    PaySign::call('paysign.version', []);
}
$report['per_call_us'] = $calls > 0 ? round((hrtime(true) - $start) / 1000 / $calls, 2) : null;
$demo = json_decode((string) file_get_contents(dirname(__DIR__, 4) . '/testvectors/demo/requests.json'), true);
$purchase = $demo['requests'][0];
$signed = PaySign::call($purchase['op'], $purchase['request']);
$report['calls'] = $calls;
$report['hash'] = $signed['hash'];
$report['library'] = Library::path();
echo json_encode($report, JSON_UNESCAPED_SLASHES);
