#include <stdio.h>
#include <time.h>
#include <immintrin.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){
 for(int rep=0;rep<5;rep++){
  __m512 a=_mm512_set1_ps(0.999f),b=_mm512_set1_ps(1e-3f);
  __m512 c[16]; for(int i=0;i<16;i++)c[i]=_mm512_set1_ps(i);
  long n=200000000; double t0=now();
  for(long i=0;i<n;i++){
   #pragma GCC unroll 16
   for(int j=0;j<16;j++) c[j]=_mm512_fmadd_ps(c[j],a,b);

  }
  double t=now()-t0; __m512 s=c[0]; for(int j=1;j<16;j++)s=_mm512_add_ps(s,c[j]); float o[16]; _mm512_storeu_ps(o,s);
  printf("avx512 fma peak %.1f GFLOP/s (%g)\n", 2.0*16*16*n/t/1e9, o[0]);
 }
}
