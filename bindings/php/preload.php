<?php

// opcache.preload script for PHP-FPM (see README.md): it declares the
// paysign classes in the master so that, under the default
// ffi.enable=preload, their methods may call FFI::cdef. Nothing is loaded
// here: the library is opened lazily, inside each worker, on first call.

declare(strict_types=1);

foreach (['PaySignError', 'Json', 'Library', 'PaySign', 'Credentials', 'PayWayOperations', 'PayWay', 'PayWayError', 'Transport'] as $class) {
    require_once __DIR__ . "/src/$class.php";
}
