// Definitions that keep the Lambda binary within the C library of Lambda's `provided.al2023`
// (glibc 2.34). Nothing here is called from Swift: the symbols replace, at link time, glibc
// functions whose default version on the build machine is newer than Lambda's. See compat.c.
#pragma once

#if defined(__linux__)
/// `hypotf` bound to glibc's baseline `hypot`, not to `hypotf@GLIBC_2.35` (see compat.c).
float hypotf(float x, float y);
#endif
