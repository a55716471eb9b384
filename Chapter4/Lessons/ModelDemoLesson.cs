using Chapter4.Claims;
using Chapter4.Harness;
using Chapter4.Models;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>
/// What both ModelDemo lessons (1.1 and 1.2) record and say: the input batch, the output, the parameters by name, and
/// for each linear2 ReLU unit whether it is off for these 5 inputs (its ReLU gives 0 for all five) and whether it is
/// dead for every input (b + Σ max(w_i, 0) ≤ 0, see <see cref="ModelDemo.Linear2Reach(double[], double[])"/>).
/// </summary>
public abstract class ModelDemoLesson : Lesson
{
    public override long DefaultSeed => ModelDemo.FirstLiveSeed;

    protected static void Record(LessonContext ctx, ModelDemo model, Tensor input, Tensor output)
    {
        ctx.Result("input", input);
        ctx.Result("output", output);
        ctx.Result("parameters", model.named_parameters().ToDictionary(p => p.name, p => (object?)p.parameter));

        // Off for these 5 inputs: a column of zeros after the ReLU. Dead for every input: the largest pre-activation
        // the unit can reach over linear2's possible inputs (sigmoid outputs in [0, 1]) is ≤ 0. Computed, not assumed.
        double[] reach = model.Linear2Reach();
        using var activations = model.Linear2Activations(input.to(output.device)).detach().cpu();
        double[] firing = Enumerable.Range(0, reach.Length).Select(j => (double)activations[.., j].gt(0).sum().item<long>()).ToArray();
        var off = Enumerable.Range(0, reach.Length).Where(j => firing[j] == 0).ToList();
        var dead = Enumerable.Range(0, reach.Length).Where(j => reach[j] <= 0).ToList();
        bool invertible = model.Linear1Invertible();
        ctx.Result("off_linear2_units", off);
        ctx.Result("dead_linear2_units", dead);
        ctx.Result("linear2_reach", reach);

        ctx.Note("");
        for (int j = 0; j < reach.Length; j++)
        {
            var claim = Claim.Threshold("b + Σ max(w_i, 0)", reach[j], 0).Quoting(("unit", j), ("inputs firing", firing[j]));
            string key = reach[j] <= 0 ? "unit-dead"
                : firing[j] > 0 ? "unit-fires"
                : invertible ? "unit-off" : "unit-off-singular";
            ctx.Say(claim, key, j, PyFormat.General(reach[j], 4), (int)firing[j]);
        }

        // When both ReLUs give 0 for these samples, every row is softmax(output.bias). Say so.
        var bias = model.named_parameters().Single(p => p.name == "output.bias").parameter;
        using var biasOnly = torch.softmax(bias.detach(), -1).expand_as(output);
        if (torch.allclose(output.detach(), biasOnly, rtol: 0, atol: 1e-7))
        {
            double[] rows = TensorValues.ToDoubles(output.detach()), softmaxBias = TensorValues.ToDoubles(biasOnly);
            var same = Claim.Identity("output", rows, "softmax(output.bias)", softmaxBias, 1e-7);
            string key = off.Count < reach.Length ? "same-rows" : dead.Count == reach.Length ? "same-rows-dead" : "same-rows-off";
            ctx.Say(same, key);
        }
    }
}
