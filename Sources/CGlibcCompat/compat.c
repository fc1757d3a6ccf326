// glibc 2.35 gave `hypot` and `hypotf` new implementations under a new symbol version, so a
// program linked on a newer glibc (this Debian machine has 2.36) records `hypotf@GLIBC_2.35` and
// fails to start on glibc 2.34 ("version `GLIBC_2.35' not found") — Lambda's `provided.al2023`.
// The reference comes from the static Swift runtime (`--static-swift-stdlib`), which we cannot
// recompile. An object of the executable that defines `hypotf` satisfies that reference before
// libm is searched, so the binary asks libm for nothing newer.
//
// Our `hypotf` computes in double with glibc's baseline `hypot` (the `.symver` directive binds
// this file's reference to the oldest version, present in every glibc of the architecture).
// Both inputs are exact in double and `hypot` is accurate to an ulp of double, so the result
// rounded to float is as accurate as glibc 2.35's own `hypotf`, which also works in double.
// Infinities, NaNs and errno follow `hypot`.
//
// scripts/check-lambda-artifact.sh proves on every package that no symbol newer than
// GLIBC_2.34 is left.
#if defined(__linux__)
#include <features.h>  // defines __GLIBC__ on glibc systems
#endif

#if defined(__GLIBC__)

#include "CGlibcCompat.h"

#if defined(__x86_64__)
__asm__(".symver drs_compat_baseline_hypot, hypot@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver drs_compat_baseline_hypot, hypot@GLIBC_2.17");
#else
#error "CGlibcCompat: name the baseline glibc version of hypot for this architecture"
#endif

// A name the compiler does not know as a libm function, so it is never turned back into a call
// to `hypotf` (or inlined as a builtin).
double drs_compat_baseline_hypot(double x, double y);

float hypotf(float x, float y) {
    return (float)drs_compat_baseline_hypot((double)x, (double)y);
}

#endif
