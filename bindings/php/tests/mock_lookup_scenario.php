<?php

// Run by MockLookupTest in a fresh process: Mock::binary() with the
// environment the test gives (PAYSIGN_CLI, PATH) and, when argv[1] names a
// folder, a fake opt-in mock package there (PSR-4 PaySign\Mock\ => that
// folder, as Composer would map it). argv[2] is the explicit argument ("-":
// none). Prints the path found (or null), or the exception's message.

declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

[, $package, $explicit] = $argv;
if ($package !== '-') {
    spl_autoload_register(static function (string $class) use ($package): void {
        if (str_starts_with($class, 'PaySign\\Mock\\')) {
            $file = $package . '/' . str_replace('\\', '/', substr($class, \strlen('PaySign\\Mock\\'))) . '.php';
            if (is_file($file)) {
                require $file;
            }
        }
    }, true, true);
}
try {
    echo json_encode(\PaySign\Tests\Mock::binary($explicit === '-' ? null : $explicit)), "\n";
} catch (\RuntimeException $e) {
    echo json_encode('error: ' . $e->getMessage()), "\n";
}
