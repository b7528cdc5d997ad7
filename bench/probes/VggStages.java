import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.training.ParameterStore;
import org.scda.config.*;
import org.scda.model.*;
import org.scda.model.rpn.*;
import org.scda.model.roi.*;
import java.util.*;
import java.lang.reflect.Field;
/**
 * Probe (not part of the product): the VGG16 detector's inference at 1024x512 stage by stage
 * (backbone, RPN, RoI heads), medians over N images; bench/probes/vgg_stages.py does the same for
 * the torchvision reference of bench/torch_reference.py. Run from the checkout, on a quiet machine:
 *   javac -cp target/scda.jar -d /tmp/probes bench/probes/VggStages.java
 *   MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=4294967296 java -Dai.djl.offline=true \
 *     -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -cp target/scda.jar:/tmp/probes VggStages 6
 *   /usr/bin/python3 bench/probes/vgg_stages.py 6
 */
public class VggStages {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        TrainConfig cfg = Configs.parseYaml(new String(VggStages.class.getResourceAsStream("/configs/vgg16-paper.yaml").readAllBytes()));
        FasterRcnn model = FasterRcnn.create(cfg.model(), 4);
        Field rf = FasterRcnn.class.getDeclaredField("rpn"); rf.setAccessible(true);
        Field hf = FasterRcnn.class.getDeclaredField("roiHeads"); hf.setAccessible(true);
        RegionProposalNetwork rpn = (RegionProposalNetwork) rf.get(model);
        RoiHeads heads = (RoiHeads) hf.get(model);
        try (NDManager m = NDManager.newBaseManager()) {
            model.initialize(m, 512, 1024);
            ParameterStore ps = new ParameterStore(m, false);
            double[][] t = new double[4][n];
            Random r = new Random(1);
            for (int i = 0; i < n + 2; i++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray x = s.randomUniform(-1, 1, new Shape(1, 3, 512, 1024));
                    long t0 = System.nanoTime();
                    NDArray f = model.backbone().block().forward(ps, new NDList(x), false).singletonOrThrow();
                    f.getFloat(0, 0, 0, 0);
                    long t1 = System.nanoTime();
                    RpnOutput ro = rpn.forward(ps, f, 512, 1024, null, false, r);
                    long t2 = System.nanoTime();
                    RoiHeadsOutput ho = heads.forward(ps, f, ro.proposals(), null, null, null, 512, 1024, false, r);
                    long t3 = System.nanoTime();
                    if (i >= 2) { t[0][i-2]=(t1-t0)/1e6; t[1][i-2]=(t2-t1)/1e6; t[2][i-2]=(t3-t2)/1e6; t[3][i-2]=(t3-t0)/1e6; }
                }
            }
            String[] names = {"backbone", "rpn", "roi heads", "total"};
            for (int k = 0; k < 4; k++) { Arrays.sort(t[k]); System.out.printf("scda vgg16 inference %s median %.1f ms%n", names[k], t[k][n/2]); }
        }
    }
}
