import jdk.incubator.vector.*;
/**
 * The residual add's plain loop (scalar peel to a line start, one-vector loop, scalar tail) against the overlapped
 * form of VectorElementwise.addShort, on 512-bit vectors, operands in one array at the C loop's offsets; first
 * checks the overlapped form in place for every length below 300 and every lead. Run with
 * {@code java --add-modules=jdk.incubator.vector -XX:ObjectAlignmentInBytes=64 ShortAddProbe.java 1024}.
 */
public class ShortAddProbe {
  static final VectorSpecies<Float> F=FloatVector.SPECIES_512; static final int VL=16;
  static void cur(int n,float[] a,int offA,float[] b,int offB,float[] out,int offOut,int lead){
    int i=Math.min(n,lead);
    for(int j=0;j<i;j++) out[offOut+j]=a[offA+j]+b[offB+j];
    int bound=i+F.loopBound(n-i);
    for(;i<bound;i+=VL){ FloatVector.fromArray(F,a,offA+i).add(FloatVector.fromArray(F,b,offB+i)).intoArray(out,offOut+i);}
    for(;i<n;i++) out[offOut+i]=a[offA+i]+b[offB+i];
  }
  static void ovl(int n,float[] a,int offA,float[] b,int offB,float[] out,int offOut,int lead){
    if(n<VL){ for(int j=0;j<n;j++) out[offOut+j]=a[offA+j]+b[offB+j]; return; }
    FloatVector first=FloatVector.fromArray(F,a,offA).add(FloatVector.fromArray(F,b,offB));
    int l=n-VL;
    FloatVector last=FloatVector.fromArray(F,a,offA+l).add(FloatVector.fromArray(F,b,offB+l));
    int i=lead%VL;
    int b4=i+((n-i)&~(4*VL-1));
    for(;i<b4;i+=4*VL){
      FloatVector a0=FloatVector.fromArray(F,a,offA+i), a1=FloatVector.fromArray(F,a,offA+i+VL), a2=FloatVector.fromArray(F,a,offA+i+2*VL), a3=FloatVector.fromArray(F,a,offA+i+3*VL);
      FloatVector b0=FloatVector.fromArray(F,b,offB+i), b1=FloatVector.fromArray(F,b,offB+i+VL), b2=FloatVector.fromArray(F,b,offB+i+2*VL), b3=FloatVector.fromArray(F,b,offB+i+3*VL);
      a0.add(b0).intoArray(out,offOut+i); a1.add(b1).intoArray(out,offOut+i+VL); a2.add(b2).intoArray(out,offOut+i+2*VL); a3.add(b3).intoArray(out,offOut+i+3*VL);}
    int bound=i+F.loopBound(n-i);
    for(;i<bound;i+=VL){ FloatVector.fromArray(F,a,offA+i).add(FloatVector.fromArray(F,b,offB+i)).intoArray(out,offOut+i);}
    first.intoArray(out,offOut);
    last.intoArray(out,offOut+l);
  }
  public static void main(String[] x){
    int n=Integer.parseInt(x[0]); int gap=17*16;
    float[] all=new float[3*n+2*gap]; java.util.Random r=new java.util.Random(42); for(int i=0;i<all.length;i++) all[i]=r.nextFloat();
    int oa=0, ob=n+gap, oo=2*(n+gap); int lead=Math.floorMod(12-oo,16); int leadA=Math.floorMod(12-oa,16);
    for(int nn=0;nn<300;nn++) for(int ld=0;ld<16;ld++){ float[] A=new float[nn+20],B=new float[nn+20]; for(int q=0;q<A.length;q++){A[q]=q*0.5f;B[q]=q*0.25f+1;} float[] e=new float[A.length]; for(int q=0;q<nn;q++) e[q+3]=A[q+3]+B[q+5];
      for(int q=nn+3;q<A.length;q++) e[q]=A[q]; for(int q=0;q<3;q++) e[q]=A[q];
      ovl(nn,A,3,B,5,A,3,Math.min(nn,ld)); if(!java.util.Arrays.equals(A,e)) throw new AssertionError(nn+" "+ld); }
    for(int rep=0;rep<8;rep++){
      int it=2_000_000;
      long t0=System.nanoTime(); for(int i=0;i<it;i++) cur(n,all,oa,all,ob,all,oo,lead);
      long t1=System.nanoTime(); for(int i=0;i<it;i++) ovl(n,all,oa,all,ob,all,oo,lead);
      long t2=System.nanoTime(); for(int i=0;i<it;i++) cur(n,all,oa,all,ob,all,oo,lead);
      long t3=System.nanoTime(); for(int i=0;i<it;i++) cur(n,all,oa,all,ob,all,oa,leadA);
      long t4=System.nanoTime(); for(int i=0;i<it;i++) ovl(n,all,oa,all,ob,all,oa,leadA);
      long t5=System.nanoTime();
      System.out.printf("n=%d out of place: plain loop %.1f, overlapped %.1f, plain loop (second call site) %.1f ns;"
          + " in place: plain loop %.1f, overlapped %.1f ns%n", n, (t1-t0)/(double)it, (t2-t1)/(double)it,
          (t3-t2)/(double)it, (t4-t3)/(double)it, (t5-t4)/(double)it);
    }
  }
}
