;; Row log-sum-exp of float32 logits in float64, with 128-bit SIMD: the kernel behind logsoftmax-rows.ts.
;; Compiled into logsumexp-wasm.ts by `node tools/wasm/build.js` (wabt); a test checks that the two agree. Before
;; compiling, build.js expands the templates: the lines between `;; @define NAME` and `;; @end` are set aside, and each
;; `;; @use NAME A B ...` line is replaced by them once per letter, `#` replaced by the letter.
;;
;; lse(p, n): the n float32 logits at byte offset p. Sets the global m to their maximum (as f64, NaNs skipped) and
;; returns z = Σ_v exp(x_v − m), so that ln softmax(x)_t = x_t − (m + ln z). The sum runs over pairs of elements in two
;; lanes (even and odd positions), added at the end as lane0 + lane1: a fixed order, so z is deterministic. An odd
;; last element is paired with −∞, which adds nothing.
;;
;; Memory: bytes [0, 2048) hold T[j] = 2^(j/256), j = 0..255, written by the host at instantiation (Math.pow);
;; logits go from byte 4096 on.
;;
;; exp(d), two lanes, d = x − m ≤ 0 (the `exp` template): d is clamped below at −708 (exp(−708) ≈ 3e−308 is lost in any sum
;; that holds the row's maximum term, 1); n = round(256 d / ln 2) by the 1.5·2^52 shift, whose low 32 bits are n in
;; two's complement; r = d − n·ln2/256 with ln 2 in two parts (Cody–Waite, n·HI exact), |r| ≤ ln2/512;
;; j = n mod 256, k = floor(n / 256); exp(d) = (T[j] · 2^k) · p(r), 2^k built from its exponent bits,
;; p(r) = 1 + r(1 + r(1/2 + r(1/6 + r/24))) (truncation below 4e−17 relative). Within 2 ulp of Math.exp (tested).
(module
  (memory (export "memory") 1)
  (global $m (export "m") (mut f64) (f64.const 0))

  ;; exp(d#) in place, d# ≤ 0 in two lanes, with the scratch locals of `temps`: the one copy of the arithmetic, used by
  ;; $exp2 and, four pairs at a time, by the sum loop of lse.
  ;; @define temps
    (local $t# v128) (local $n# v128) (local $r# v128) (local $j# v128) (local $s# v128)
  ;; @end
  ;; @define exp
    ;; pmax(d, c) = d < c ? c : d keeps a NaN d
    (local.set $d# (f64x2.pmax (local.get $d#) (f64x2.splat (f64.const -708))))
    (local.set $t# (f64x2.add (f64x2.mul (local.get $d#) (f64x2.splat (f64.const 369.3299304675746)))   ;; 256 / ln 2
                              (f64x2.splat (f64.const 6755399441055744))))                               ;; 1.5·2^52
    (local.set $n# (f64x2.sub (local.get $t#) (f64x2.splat (f64.const 6755399441055744))))
    (local.set $r#
      (f64x2.sub
        (f64x2.sub (local.get $d#) (f64x2.mul (local.get $n#) (f64x2.splat (f64.const 0x1.62e42feep-9))))   ;; HI = ln2hi / 256
        (f64x2.mul (local.get $n#) (f64x2.splat (f64.const 0x1.a39ef35793c76p-41)))))                     ;; LO = ln2lo / 256
    ;; byte offsets 8·(n mod 256) in the low words of the two lanes (i32 lanes 0 and 2)
    (local.set $j# (i32x4.shl (v128.and (local.get $t#) (i64x2.splat (i64.const 255))) (i32.const 3)))
    ;; 2^k: k + 1023 + 2^52 holds k + 1023 (1..1023 after the clamp) in its low mantissa bits; shifted into the exponent
    (local.set $s#
      (i64x2.shl
        (f64x2.add (f64x2.floor (f64x2.mul (local.get $n#) (f64x2.splat (f64.const 0.00390625))))
                   (f64x2.splat (f64.const 4503599627371519)))                                           ;; 2^52 + 1023
        (i32.const 52)))
    (local.set $t# (v128.load64_zero (i32x4.extract_lane 0 (local.get $j#))))
    (local.set $t# (v128.load64_lane 1 (i32x4.extract_lane 2 (local.get $j#)) (local.get $t#)))
    (local.set $d#
      (f64x2.mul (f64x2.mul (local.get $t#) (local.get $s#))
        (f64x2.add (f64x2.splat (f64.const 1))
          (f64x2.mul (local.get $r#)
            (f64x2.add (f64x2.splat (f64.const 1))
              (f64x2.mul (local.get $r#)
                (f64x2.add (f64x2.splat (f64.const 0.5))
                  (f64x2.mul (local.get $r#)
                    (f64x2.add (f64x2.splat (f64.const 0x1.5555555555555p-3))                                  ;; 1/6
                      (f64x2.mul (local.get $r#) (f64x2.splat (f64.const 0x1.5555555555555p-5))))))))))))     ;; 1/24
  ;; @end

  (func $exp2 (param $dE v128) (result v128)
    ;; @use temps E
    ;; @use exp E
    (local.get $dE))

  (func (export "lse") (param $p i32) (param $n i32) (result f64)
    (local $i i32) (local $end4 i32) (local $end i32) (local $vmax v128) (local $mx f32) (local $x f32)
    (local $mm v128) (local $a v128) (local $q0 v128) (local $q1 v128)
    (local $dA v128) (local $dB v128) (local $dC v128) (local $dD v128)
    ;; @use temps A B C D
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    ;; maximum: four lanes (pmax(a, b) = a < b ? b : a skips a NaN b), then the last n mod 4 one by one
    (local.set $vmax (f32x4.splat (f32.const -inf)))
    (local.set $i (local.get $p))
    (block $done
      (loop $max
        (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
        (local.set $vmax (f32x4.pmax (local.get $vmax) (v128.load (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $max)))
    (local.set $mx (f32x4.extract_lane 0 (local.get $vmax)))
    (if (f32.gt (f32x4.extract_lane 1 (local.get $vmax)) (local.get $mx)) (then (local.set $mx (f32x4.extract_lane 1 (local.get $vmax)))))
    (if (f32.gt (f32x4.extract_lane 2 (local.get $vmax)) (local.get $mx)) (then (local.set $mx (f32x4.extract_lane 2 (local.get $vmax)))))
    (if (f32.gt (f32x4.extract_lane 3 (local.get $vmax)) (local.get $mx)) (then (local.set $mx (f32x4.extract_lane 3 (local.get $vmax)))))
    (block $tdone
      (loop $tmax
        (br_if $tdone (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $x (f32.load (local.get $i)))
        (if (f32.gt (local.get $x) (local.get $mx)) (then (local.set $mx (local.get $x))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $tmax)))
    (global.set $m (f64.promote_f32 (local.get $mx)))
    (local.set $mm (f64x2.splat (global.get $m)))
    ;; z: eight elements (four pairs) per step, the `exp` template written out once per pair (V8 11 does not inline
    ;; wasm calls, and four independent pairs per step run about twice as fast as one call per pair). The pairs are
    ;; added to the sum in order, then the last 0-3 pairs and an odd last element go through $exp2: the same sum, in
    ;; the same order, as one pair at a time (a test checks the bits).
    (local.set $a (f64x2.splat (f64.const 0)))
    (local.set $i (local.get $p))
    (block $sdone
      (loop $sum
        (br_if $sdone (i32.gt_u (i32.add (local.get $i) (i32.const 32)) (local.get $end)))
        (local.set $q0 (v128.load (local.get $i)))
        (local.set $q1 (v128.load offset=16 (local.get $i)))
        (local.set $dA (f64x2.sub (f64x2.promote_low_f32x4 (local.get $q0)) (local.get $mm)))
        (local.set $dB (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $q0) (local.get $q0))) (local.get $mm)))
        (local.set $dC (f64x2.sub (f64x2.promote_low_f32x4 (local.get $q1)) (local.get $mm)))
        (local.set $dD (f64x2.sub (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $q1) (local.get $q1))) (local.get $mm)))
        ;; @use exp A B C D
        (local.set $a (f64x2.add (f64x2.add (f64x2.add (f64x2.add (local.get $a) (local.get $dA)) (local.get $dB)) (local.get $dC)) (local.get $dD)))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $sum)))
    (block $pdone
      (loop $pairs
        (br_if $pdone (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $end)))
        (local.set $a (f64x2.add (local.get $a)
          (call $exp2 (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $i))) (local.get $mm)))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $pairs)))
    (if (i32.lt_u (local.get $i) (local.get $end))
      (then
        (local.set $a (f64x2.add (local.get $a)
          (call $exp2 (f64x2.sub (f64x2.promote_low_f32x4 (f32x4.replace_lane 0 (f32x4.splat (f32.const -inf)) (f32.load (local.get $i))))
                                 (local.get $mm)))))))
    (f64.add (f64x2.extract_lane 0 (local.get $a)) (f64x2.extract_lane 1 (local.get $a))))

  ;; exp(d) for one d ≤ 0 through $exp2 (for tests)
  (func (export "exp") (param $d f64) (result f64)
    (f64x2.extract_lane 0 (call $exp2 (f64x2.splat (local.get $d))))))
