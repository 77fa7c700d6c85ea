<?php
// The number rule of paysign's answers and pushback values, written in PHP
// for the oracles (responses.php, gateways.php).

// Numbers in answers: an amount, and any number that is not an integer of
// up to 15 digits, becomes a string of its exact text. Numbers are found
// with a regular expression over the raw body (outside strings), marked,
// and decided by their path after json_decode.
function decimals_as_strings(string $json, array $amounts) {
  $marked = preg_replace_callback('/"(?:[^"\\\\]|\\\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/', function ($m) {
    return $m[0][0] === '"' ? $m[0] : '"\\u0000#' . $m[0] . '"';
  }, $json);
  $walk = function ($v, string $path) use (&$walk, $amounts) {
    if (is_object($v)) {
      $out = new stdClass();
      foreach (get_object_vars($v) as $k => $x) $out->$k = $walk($x, $path === '' ? (string)$k : "$path.$k");
      return $out;
    }
    if (is_array($v)) return array_map(fn ($x) => $walk($x, "{$path}[]"), $v);
    if (is_string($v) && str_starts_with($v, "\0#")) {
      $text = substr($v, 2);
      if (!in_array($path, $amounts, true) && preg_match('/^-?\d{1,15}$/', $text)) return (int)$text;
      return $text;
    }
    return $v;
  };
  return $walk(json_decode($marked, false), '');
}

