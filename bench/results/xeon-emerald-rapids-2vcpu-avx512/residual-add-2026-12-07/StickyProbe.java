import dev.resvec.kernels.*;
import dev.resvec.kernels.internal.*;
import java.lang.reflect.*;
public class StickyProbe {
  static final class J extends ParallelJob { volatile Thread r1; long spin; protected void runShare(int i){ if(i==0){ long s=System.nanoTime(); while(System.nanoTime()-s<spin) Thread.onSpinWait(); } else r1=Thread.currentThread(); } }
  public static void main(String[] x) throws Exception {
    J j=new J(); j.spin=Long.parseLong(x[0]);
    Field w=null;
    Parallelism p2=Parallelism.threads(2);
    Thread me=Thread.currentThread();
    for(int rep=0;rep<5;rep++){
      int watched=0, helped=0, calls=200000; long t0=System.nanoTime();
      for(int c=0;c<calls;c++){ if(w!=null && w.getInt(j)==1) watched++; while(!j.isFree()) Thread.onSpinWait(); ParallelRunner.run(2,p2,j); if(j.r1!=me) helped++; }
      long t1=System.nanoTime();
      Object ww=null; try{ Field f=ParallelJob.class.getDeclaredField("watchWord"); f.setAccessible(true); ww=f.get(j);}catch(Exception e){} long word=-1; if(ww!=null){ Field g=ww.getClass().getSuperclass().getDeclaredField("word"); g.setAccessible(true); word=g.getLong(ww);} System.out.println("word "+word);
      System.out.printf("%.0f ns/call, watched at start %d, helper ran share1 %d of %d%n",(t1-t0)/(double)calls,watched,helped,calls);
    }
  }
}
