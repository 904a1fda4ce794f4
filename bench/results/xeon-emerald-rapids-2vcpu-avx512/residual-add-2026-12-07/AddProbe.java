import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.*;
public class AddProbe {
  public static void main(String[] x) {
    int n=Integer.parseInt(x[0]); int gap=17*16;
    float[] all=new float[3*n+2*gap]; java.util.Random r=new java.util.Random(42); for(int i=0;i<all.length;i++) all[i]=r.nextFloat();
    int oa=0, ob=n+gap, oo=2*(n+gap);
    Parallelism p1=Parallelism.threads(1);
    ElementwiseKernels k=Backends.active().elementwise();
    for(int rep=0;rep<8;rep++){
      int it=2_000_000;
      long t0=System.nanoTime();
      for(int i=0;i<it;i++) Elementwise.add(n,all,oa,all,ob,all,oo,p1);
      long t1=System.nanoTime();
      for(int i=0;i<it;i++) Elementwise.add(n,all,oa,all,ob,all,oo);
      long t2=System.nanoTime();
      for(int i=0;i<it;i++) k.add(n,all,oa,all,ob,all,oo);
      long t3=System.nanoTime();
      System.out.printf("n=%d facade(p) %.1f ns, facade %.1f ns, kernel %.1f ns%n",n,(t1-t0)/(double)it,(t2-t1)/(double)it,(t3-t2)/(double)it);
    }
  }
}
