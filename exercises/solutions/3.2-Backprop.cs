namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>3.2: the chain rule, output layer then hidden layer (reference solution).</summary>
    public static double[] BackpropGradients(double[] i, double[] target, double[] w, double b1, double b2)
    {
        static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
        double[] h = [Sigmoid(w[0] * i[0] + w[1] * i[1] + b1), Sigmoid(w[2] * i[0] + w[3] * i[1] + b1)];
        double[] o = [Sigmoid(w[4] * h[0] + w[5] * h[1] + b2), Sigmoid(w[6] * h[0] + w[7] * h[1] + b2)];
        // δo_k = ∂E/∂o_k · ∂o_k/∂net_k
        double[] deltaO = [(o[0] - target[0]) * o[0] * (1 - o[0]), (o[1] - target[1]) * o[1] * (1 - o[1])];
        var grads = new double[8];
        for (int k = 0; k < 2; k++)
            for (int j = 0; j < 2; j++)
                grads[4 + 2 * k + j] = deltaO[k] * h[j];
        for (int j = 0; j < 2; j++)
        {
            double back = deltaO[0] * w[4 + j] + deltaO[1] * w[6 + j]; // h_j feeds both outputs
            for (int n = 0; n < 2; n++)
                grads[2 * j + n] = back * h[j] * (1 - h[j]) * i[n];
        }
        return grads;
    }
}
