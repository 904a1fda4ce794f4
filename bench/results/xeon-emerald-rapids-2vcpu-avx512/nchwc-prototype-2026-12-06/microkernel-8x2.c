#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <immintrin.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define MR 8
__attribute__((noinline)) void k8x2(int kc,const float*ap,const float*bp,float*c){
  __m512 acc[MR][2]; for(int r=0;r<MR;r++){acc[r][0]=_mm512_setzero_ps();acc[r][1]=_mm512_setzero_ps();}
  for(int p=0;p<kc;p++){ __m512 b0=_mm512_loadu_ps(bp+p*32), b1=_mm512_loadu_ps(bp+p*32+16);
    #pragma GCC unroll 16
    for(int r=0;r<MR;r++){ __m512 a=_mm512_set1_ps(ap[p*MR+r]); acc[r][0]=_mm512_fmadd_ps(a,b0,acc[r][0]); acc[r][1]=_mm512_fmadd_ps(a,b1,acc[r][1]); } }
  for(int r=0;r<MR;r++){_mm512_storeu_ps(c+r*32,acc[r][0]);_mm512_storeu_ps(c+r*32+16,acc[r][1]);}
}
#define MR2 12
__attribute__((noinline)) void k12x2(int kc,const float*ap,const float*bp,float*c){
  __m512 acc[MR2][2]; for(int r=0;r<MR2;r++){acc[r][0]=_mm512_setzero_ps();acc[r][1]=_mm512_setzero_ps();}
  for(int p=0;p<kc;p++){ __m512 b0=_mm512_loadu_ps(bp+p*32), b1=_mm512_loadu_ps(bp+p*32+16);
    #pragma GCC unroll 16
    for(int r=0;r<MR2;r++){ __m512 a=_mm512_set1_ps(ap[p*MR2+r]); acc[r][0]=_mm512_fmadd_ps(a,b0,acc[r][0]); acc[r][1]=_mm512_fmadd_ps(a,b1,acc[r][1]); } }
  for(int r=0;r<MR2;r++){_mm512_storeu_ps(c+r*32,acc[r][0]);_mm512_storeu_ps(c+r*32+16,acc[r][1]);}
}
int main(int argc,char**argv){
  int kc=256; float*ap=aligned_alloc(64,4*MR2*kc*4),*bp=aligned_alloc(64,kc*32*4),*c=aligned_alloc(64,MR2*32*4);
  for(int i=0;i<MR2*kc;i++)ap[i]=i*1e-6f; for(int i=0;i<kc*32;i++)bp[i]=i*1e-6f;
  for(int rep=0;rep<3;rep++){
    long calls=2000000; double t0=now(); for(long i=0;i<calls;i++) {k8x2(kc,ap,bp,c); __asm__ volatile("" ::: "memory");} double t=now()-t0;
    printf("C 8x2: %.1f GFLOP/s\n",2.0*MR*32*kc*calls/t/1e9);
    t0=now(); for(long i=0;i<calls;i++) {k12x2(kc,ap,bp,c); __asm__ volatile("" ::: "memory");} t=now()-t0;
    printf("C 12x2: %.1f GFLOP/s\n",2.0*MR2*32*kc*calls/t/1e9);
  }
}
