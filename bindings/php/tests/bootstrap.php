<?php

// PSR-4 autoloading for the tests without Composer (Debian's phpunit):
// PaySign\ -> src/, PaySign\Tests\ -> tests/.

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    foreach (['PaySign\\Tests\\' => __DIR__ . '/', 'PaySign\\' => dirname(__DIR__) . '/src/'] as $prefix => $dir) {
        if (str_starts_with($class, $prefix)) {
            $file = $dir . str_replace('\\', '/', substr($class, \strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});
