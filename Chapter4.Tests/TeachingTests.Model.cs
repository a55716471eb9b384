using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Lessons;
using Chapter4.Plotting;
using Chapter4.Tests.Support;
using NUnit.Framework;
using TorchSharp;

namespace Chapter4.Tests;

/// <summary>
/// Teaching-review-3 statements 6, 12 and 16 and plots 3, 10 and 11, each against numbers computed independently:
/// by PyTorch 1.13 (/usr/bin/python3) at test time, or by the formula the test states.
/// </summary>
public partial class TeachingTests
{
    private static double[] Doubles(JsonNode? n) => n is JsonArray a ? a.SelectMany(Doubles).ToArray() : [D(n)];

    /// <summary>Runs a Python script with /usr/bin/python3 (PyTorch 1.13) and returns its stdout; skipped where there is none.</summary>
    private static string Python(string script)
    {
        Skip.Unless(File.Exists("/usr/bin/python3"), "no /usr/bin/python3 here");
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var python = Process.Start(start)!;
        string output = python.StandardOutput.ReadToEnd(), err = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Skip.Unless(!err.Contains("No module named 'torch'", StringComparison.Ordinal), "PyTorch is not importable by /usr/bin/python3");
        Assert.That(python.ExitCode, Is.Zero, err);
        return output;
    }

    private static double[] Numbers(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    // ---- statement 12: "off for these 5 inputs" and "dead for every input", two named quantities ----

    /// <summary>
    /// For seeds 0–15 of `model`: a unit is off for these 5 inputs when relu(W2·σ(W1·x + b1) + b2) is 0 for all five rows,
    /// and dead for every input when b2 + Σ max(W2_i, 0) ≤ 0 (its inputs σ(·) lie in (0, 1)): both recomputed here in
    /// float64 from the run's parameters and input, and each unit's sentence uses the words of its case.
    /// </summary>
    [Test]
    public void ModelNamesUnitsOffForTheseFiveInputsApartFromUnitsDeadForEveryInput()
    {
        bool sawOffNotDead = false, sawDead = false;
        for (int seed = 0; seed < 16; seed++)
        {
            var (text, results, error) = Run("model", "--seed", seed.ToString(CultureInfo.InvariantCulture));
            Assert.That(error, Is.Null);
            var p = results["parameters"]!;
            double[] w1 = Doubles(p["linear1.weight"]), b1 = Doubles(p["linear1.bias"]), w2 = Doubles(p["linear2.weight"]), b2 = Doubles(p["linear2.bias"]);
            double[][] x = results["input"]!.AsArray().Select(r => Doubles(r)).ToArray();
            for (int j = 0; j < 2; j++)
            {
                bool dead = b2[j] + Enumerable.Range(0, 3).Sum(i => Math.Max(w2[3 * j + i], 0)) <= 0;
                bool off = x.All(row =>
                {
                    double[] h = Enumerable.Range(0, 3).Select(k => 1 / (1 + Math.Exp(-(Enumerable.Range(0, 3).Sum(i => w1[3 * k + i] * row[i]) + b1[k])))).ToArray();
                    return Enumerable.Range(0, 3).Sum(i => w2[3 * j + i] * h[i]) + b2[j] <= 0;
                });
                Assert.That(results["dead_linear2_units"]!.AsArray().Select(u => (int)D(u)).Contains(j), Is.EqualTo(dead), $"seed {seed} unit {j} dead");
                Assert.That(results["off_linear2_units"]!.AsArray().Select(u => (int)D(u)).Contains(j), Is.EqualTo(off), $"seed {seed} unit {j} off");
                string sentence = text.Split('\n').Single(l => l.StartsWith($"linear2 unit {j} ", StringComparison.Ordinal));
                if (dead) Assert.That(sentence, Does.Contain("is dead for every input"));
                else if (off) Assert.That(sentence, Does.Contain("is off for these 5 inputs").And.Contain("not dead for every input"));
                else Assert.That(sentence, Does.Contain("fires for"));
                sawDead |= dead;
                sawOffNotDead |= off && !dead;
            }
        }
        Assert.That(sawDead && sawOffNotDead, Is.True, "seeds 0–15 show both cases");
    }

    /// <summary>`init-dead-relu --seed 7` builds seeds 7 … 7 + N − 1 (PyTorch's own numbers for it are a parity fixture).</summary>
    [Test]
    public void InitDeadReluStartsItsSeedsAtTheRunsSeed()
    {
        var (text7, seven, error7) = Run("init-dead-relu", "--seed", "7", "--seeds", "100");
        var (_, zero, error0) = Run("init-dead-relu", "--seed", "0", "--seeds", "100");
        Assert.That((error7, error0), Is.EqualTo(((string?)null, (string?)null)));
        Assert.That(D(seven["first_seed"]), Is.EqualTo(7));
        Assert.That(text7, Does.Contain("seeds 7 … 106"));
        Assert.That(seven["inits"]!.ToJsonString(), Is.Not.EqualTo(zero["inits"]!.ToJsonString()), "another seed range, other fractions");
        foreach (JsonNode? init in seven["inits"]!.AsArray())
            Assert.That(D(init!["dead_unit_fraction"]), Is.LessThanOrEqualTo(D(init["off_unit_fraction"])), "dead for every input implies off for these 5 inputs");
        Assert.That(D(seven["inits"]![2]!["dead_unit_fraction"]), Is.Zero, "with a positive bias b + Σ max(w_i, 0) ≥ b > 0");
    }

    // ---- statement 6: where BCELoss saturates in float32, for both labels ----

    /// <summary>
    /// PyTorch 1.13 searched the same way (bisection on the float32 bit patterns of |z|): the first logit whose BCELoss is the
    /// clamp 100, and the first whose gradient is below 1% of BCEWithLogitsLoss's, for each label. Expected equal (both
    /// compute sigmoid as 1/(1 + e^−z) in float32; measured: identical, 16.635532, −88.72284, −32.236195); bound 2 float32 ulps.
    /// </summary>
    [Test]
    public void LogitsSaturationPointsAreSearchedAndAgreeWithPyTorch()
    {
        string output = Python("""
            import struct, torch, torch.nn as nn
            def point(z, y):
                a = torch.tensor([z], requires_grad=True); l = nn.BCELoss()(torch.sigmoid(a), torch.tensor([y])); l.backward()
                b = torch.tensor([z], requires_grad=True); e = nn.BCEWithLogitsLoss()(b, torch.tensor([y])); e.backward()
                return l.item(), a.grad.item(), b.grad.item()
            def first(y, fails):
                s = 1.0 if y == 0 else -1.0
                f = lambda i: struct.unpack('<f', struct.pack('<i', i))[0]
                lo, hi = 0, struct.unpack('<i', struct.pack('<f', 1000.0))[0]
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    if fails(point(s * f(mid), y)): hi = mid
                    else: lo = mid
                return s * f(hi)
            for y in (0.0, 1.0):
                print(repr(first(y, lambda r: r[0] == 100.0)), repr(first(y, lambda r: abs(r[1]) < 0.01 * abs(r[2]))))
            """);
        string[] lines = output.Trim().Split('\n');
        var saturation = Run("logits").Results["saturation"]!;
        foreach (var (label, line) in new[] { ("y0", lines[0]), ("y1", lines[1]) })
        {
            double[] pytorch = Numbers(line);
            float clamped = (float)D(saturation[label]!["clamped_from"]), lost = (float)D(saturation[label]!["grad_lost_from"]);
            Assert.That(Chapter4.Parity.Float32Ulps.Between(clamped, (float)pytorch[0]), Is.LessThanOrEqualTo(2), $"{label} clamped from");
            Assert.That(Chapter4.Parity.Float32Ulps.Between(lost, (float)pytorch[1]), Is.LessThanOrEqualTo(2), $"{label} gradient lost from");
            // The search's answer is the first failing float32: its neighbour toward 0 is not clamped.
            float before = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(Math.Abs(clamped)) - 1) * Math.Sign(clamped);
            float y = label == "y0" ? 0 : 1;
            Assert.That(LogitsLesson.Clamped(LogitsLesson.At(clamped, y)), Is.True);
            Assert.That(LogitsLesson.Clamped(LogitsLesson.At(before, y)), Is.False);
        }
        Assert.That(D(saturation["y0"]!["clamped_from"]), Is.GreaterThan(16).And.LessThan(17), "sigmoid rounds to 1 where e^−z < 2^−24, z > 24·ln 2 ≈ 16.64");
        Assert.That(D(saturation["y1"]!["clamped_from"]), Is.LessThan(-88).And.GreaterThan(-89), "e^−z overflows float32 beyond ln(3.4e38) ≈ 88.72");
    }

    /// <summary>`logits --logit 20`: the 100 of label 0 is the clamp; the exact loss softplus(20) = 20 + ln(1 + e^−20) ≈ 20.0000.</summary>
    [Test]
    public void LogitsAtLogit20SaysTheLabel0LossIsTheClampAndGivesTheExactLoss()
    {
        var (text, results, error) = Run("logits", "--logit", "20");
        Assert.That(error, Is.Null);
        double exact = 20 + Math.Log(1 + Math.Exp(-20));
        string row = text.Split('\n').Single(l => l.StartsWith("At z = 20 with label 0, BCELoss gives", StringComparison.Ordinal));
        Assert.That(row, Does.Contain("BCELoss gives 100.0000: that is the clamp, not the loss"));
        Assert.That(row, Does.Contain($"the exact loss is {exact.ToString("F4", CultureInfo.InvariantCulture)}"));
        Assert.That(D(results["bce_at"]![1]!["bce_with_logits"]), Is.EqualTo(exact).Within(2e-6), "float32 at 20: ulp 1.9e-6");
        Assert.That(text, Does.Contain("At z = 20 with label 0, BCELoss's gradient is 0 where BCEWithLogitsLoss's is 1"));
        // Label 1 at −20 is far from its clamp: BCELoss is exact there.
        Assert.That(text, Does.Contain("At z = -20 with label 1, BCELoss on sigmoid(z) gives 20.0000, as BCEWithLogitsLoss does"));
    }

    /// <summary>Both plots show both labels, the first clamped logit of each as a dot, and BCELoss's jump as a gap, not a vertical segment.</summary>
    [Test]
    public void LogitsPlotsShowBothLabelsAndMarkWhereEachSaturates()
    {
        var results = Run("logits").Results;
        double[] at = Doubles(results["sweep"]);
        var curves = new Dictionary<(string, float), (double[] Loss, double[] Grad)>();
        foreach (var (key, label) in new[] { ("y1", 1f), ("y0", 0f) })
            foreach (string name in new[] { "bce", "bce_with_logits" })
                curves[(name, label)] = (Doubles(results["curves"]![key]![name]!["loss"]), Doubles(results["curves"]![key]![name]!["grad"]));
        var saturation = new Dictionary<float, (float, float)>
        {
            [0f] = ((float)D(results["saturation"]!["y0"]!["clamped_from"]), (float)D(results["saturation"]!["y0"]!["grad_lost_from"])),
            [1f] = ((float)D(results["saturation"]!["y1"]!["clamped_from"]), (float)D(results["saturation"]!["y1"]!["grad_lost_from"])),
        };
        var (loss, grad) = new LogitsLesson().BcePlots(at, curves, saturation);
        var lossLines = loss.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        foreach (string label in new[] { "y = 1", "y = 0" })
        {
            Assert.That(lossLines.Count(s => s.LegendText.StartsWith(label + ": BCELoss(sigmoid(z))", StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(lossLines.Count(s => s.LegendText.StartsWith(label + ": BCEWithLogitsLoss", StringComparison.Ordinal)), Is.EqualTo(1));
        }
        foreach (var (label, colour) in new[] { (0f, "BCE y=0"), (1f, "BCE y=1") })
        {
            float z = saturation[label].Item1;
            var dot = lossLines.Single(s => s.LegendText.Contains($"clamped from z = {z.ToString("0.####", CultureInfo.InvariantCulture)}", StringComparison.Ordinal));
            Assert.That(dot.Data.GetScatterPoints().Single(), Is.EqualTo(new ScottPlot.Coordinates(z, 100)));
            Assert.That(SeriesColors.Hex(dot.Color), Is.EqualTo(SeriesColors.Hex(SeriesColors.Of(colour))));
        }
        // No line of either plot joins a clamped point to an unclamped one: the jump at the clamp is never a segment.
        foreach (var line in lossLines.Where(s => s.LegendText.Contains(": BCELoss", StringComparison.Ordinal) || s.LegendText == ""))
        {
            var points = line.Data.GetScatterPoints().ToList();
            Assert.That(points.Zip(points.Skip(1)).Where(p => (p.First.Y == 100) != (p.Second.Y == 100)), Is.Empty, line.LegendText);
        }
        Assert.That(grad.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Count(s => s.LegendText.Contains("gradient below 1%", StringComparison.Ordinal)), Is.EqualTo(1),
            "label 1's gradient is lost before its clamp, and the plot marks where");
    }

    // ---- plot 10 and plot 3: loss-regression-grad, one colour per loss ----

    /// <summary>
    /// PyTorch 1.13's gradients at an error of exactly 0: L1Loss gives sign(0) = 0 and SmoothL1Loss(beta = 0) gives its own
    /// value; the plot puts a dot there, draws each jump as two branches (no segment with |Δy| &gt; 0.5 between neighbours
    /// 0.01 apart), draws MAE after Smooth L1 and Smooth L1 dashed, so at beta = 0 neither hides the other.
    /// </summary>
    [TestCase(0.0)]
    [TestCase(1.0)]
    [TestCase(2.5)]
    public void LossGradientPlotDrawsJumpsAsBranchesWithPyTorchsValueAtZero(double beta)
    {
        double[] atZero = Numbers(Python($$"""
            import torch, torch.nn as nn
            out = []
            for c in (nn.L1Loss(), nn.SmoothL1Loss(beta={{beta.ToString("R", CultureInfo.InvariantCulture)}})):
                a = torch.tensor([0.0], requires_grad=True); c(a, torch.tensor([0.0])).backward(); out.append(repr(a.grad.item()))
            print(' '.join(out))
            """));
        var lesson = new LossCurvesLesson { Beta = beta };
        var (errors, curves) = lesson.RegressionCurves(torch.arange(-300, 301, dtype: torch.ScalarType.Float32) / 100);
        var (_, grad) = lesson.RegressionPlots(errors, curves);
        var scatters = grad.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        foreach (var s in scatters)
        {
            var points = s.Data.GetScatterPoints().ToList();
            Assert.That(points.Zip(points.Skip(1)).Where(p => Math.Abs(p.Second.Y - p.First.Y) > 0.5), Is.Empty, $"a vertical segment in '{s.LegendText}'");
        }
        var maeDot = scatters.Single(s => s.LegendText.StartsWith("MAE (L1) at e = 0", StringComparison.Ordinal));
        Assert.That(maeDot.Data.GetScatterPoints().Single(), Is.EqualTo(new ScottPlot.Coordinates(0, atZero[0])));
        var smooth = scatters.Where(s => s.LegendText.StartsWith("Smooth L1", StringComparison.Ordinal) && !s.LegendText.Contains("at e = 0", StringComparison.Ordinal)).ToList();
        Assert.That(smooth.Single().LinePattern, Is.EqualTo(ScottPlot.LinePattern.Dashed));
        Assert.That(scatters.IndexOf(smooth.Single()), Is.LessThan(scatters.FindIndex(s => s.LegendText == "MAE (L1)")), "MAE drawn over Smooth L1");
        if (beta == 0)
        {
            var smoothDot = scatters.Single(s => s.LegendText.StartsWith("Smooth L1 (beta = 0) at e = 0", StringComparison.Ordinal));
            Assert.That(smoothDot.Data.GetScatterPoints().Single(), Is.EqualTo(new ScottPlot.Coordinates(0, atZero[1])));
        }
        foreach (var (legend, concept) in new[] { ("MSE", "MSE"), ("MAE (L1)", "MAE") })
            Assert.That(SeriesColors.Hex(scatters.First(s => s.LegendText == legend).Color), Is.EqualTo(SeriesColors.Hex(SeriesColors.Of(concept))));
    }

    /// <summary>
    /// Plot 3: each loss one colour in every plot (MSE's in loss-regression-grad.png is MSE's in robust-regression.png;
    /// BCE y = 0 is not MSE's), and plot 11: robust-regression draws the true line y = 2x + 1 across the data.
    /// </summary>
    [Test]
    public void RobustRegressionDrawsTheTrueLineAndEachLossKeepsItsColour()
    {
        double[] xs = [-3, 0, 3], ys = [-5, 16, 7];
        var plot = new RobustRegressionLesson().FitPlot(xs, ys, [("mse", 1.7f, 2.4f), ("l1", 2f, 1f), ("smoothl1", 2f, 1f), ("huber", 2f, 1f)]);
        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        var truth = lines.Single(s => s.LegendText.StartsWith("true line", StringComparison.Ordinal));
        Assert.That(truth.Data.GetScatterPoints(), Is.EqualTo(new[] { new ScottPlot.Coordinates(-3, 2 * -3 + 1), new ScottPlot.Coordinates(3, 2 * 3 + 1) }));
        Assert.That(SeriesColors.Hex(truth.Color), Is.EqualTo(SeriesColors.Hex(SeriesColors.Of("true"))));
        Assert.That(lines.IndexOf(truth), Is.EqualTo(lines.Count - 1), "drawn last, over the fits that lie near it");
        foreach (var (prefix, concept) in new[] { ("MSE:", "MSE"), ("L1:", "MAE"), ("Smooth L1:", "SmoothL1"), ("Huber:", "Huber") })
            Assert.That(SeriesColors.Hex(lines.Single(s => s.LegendText.StartsWith(prefix, StringComparison.Ordinal)).Color), Is.EqualTo(SeriesColors.Hex(SeriesColors.Of(concept))), prefix);
        Assert.That(SeriesColors.Of("BCE y=0"), Is.Not.EqualTo(SeriesColors.Of("MSE")));

        var lesson = new LossCurvesLesson();
        var (_, curves) = lesson.RegressionCurves(torch.arange(-300, 301, dtype: torch.ScalarType.Float32) / 100);
        var classification = lesson.ClassificationPlot([0.1, 0.5, 0.9], new() { ["ce"] = [2.3, 0.69, 0.1], ["bce_y0"] = [0.1, 0.69, 2.3], ["bce_y1"] = [2.3, 0.69, 0.1] });
        var classLines = classification.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        Assert.That(classLines.Select(s => SeriesColors.Hex(s.Color)),
            Is.EquivalentTo(new[] { "BCE y=0", "BCE y=1", "CrossEntropy" }.Select(c => SeriesColors.Hex(SeriesColors.Of(c)))));
    }

    // ---- statement 16: backprop-model --reduction mean labels the norm with ÷N ----

    /// <summary>
    /// PyTorch 1.13 computes ‖(softmax(z3) − onehot(y))/N‖ for ModelDemo at seed 5, batch 7 (the course's init, drawn as
    /// the lesson draws: model, then x, then y); the lesson's printed label carries the /N and its value agrees within 1e-4
    /// (4 printed decimals). Under 'sum' the label has no /N.
    /// </summary>
    [Test]
    public void BackpropModelMeanNormIsLabelledWithItsDivisionByN()
    {
        string root = Chapter4.Files.Repository.FindRoot(AppContext.BaseDirectory)!;
        double expected = Numbers(Python($$"""
            import sys, torch
            sys.path.insert(0, {{System.Text.Json.JsonSerializer.Serialize(Path.Combine(root, "tools", "parity"))}})
            from twins_model import ModelDemo
            torch.manual_seed(5)
            model = ModelDemo()
            x = torch.randn(7, 3)
            y = torch.randint(0, 2, (7,))
            with torch.no_grad():
                z3 = model.output(torch.relu(model.linear2(torch.sigmoid(model.linear1(x)))))
                g = (torch.softmax(z3, dim=-1) - torch.nn.functional.one_hot(y, 2)) / 7
            print(repr(g.norm().item()))
            """))[0];
        var (text, results, error) = Run("backprop-model", "--seed", "5", "--batch", "7", "--reduction", "mean");
        Assert.That(error, Is.Null);
        Assert.That(D(results["dz3_norm_if_logits"]), Is.EqualTo(expected).Within(1e-6));
        Assert.That(text, Does.Contain($"‖(softmax(z3) − onehot(y))/N‖ = {expected.ToString("F4", CultureInfo.InvariantCulture)}"));
        Assert.That(Run("backprop-model", "--seed", "5", "--batch", "7").Text, Does.Contain("‖softmax(z3) − onehot(y)‖ = ").And.Not.Contain("/N‖"));
    }

    // ---- issue 24: the same take-aways in Chinese ----

    /// <summary>
    /// Each lesson run with the UI language zh-CN says the same claims (same keys, same data) in Chinese, from its
    /// .zh-CN.resx: every sentence has Chinese in it, and every number the English sentence quotes from the run (its
    /// arguments; the templates use the same placeholders in the same order) appears in the Chinese one.
    /// </summary>
    [TestCase("model", "--seed", "0")]
    [TestCase("parameters")]
    [TestCase("init-dead-relu", "--seeds", "50")]
    [TestCase("logits", "--logit", "20")]
    [TestCase("loss-ce", "--target", "onehot")]
    [TestCase("loss-bce", "--y-pred", "1,0.5,0", "--y-true", "0,1,0")]
    [TestCase("loss-mae")]
    [TestCase("loss-mse")]
    [TestCase("loss-smoothl1", "--beta", "0", "--y-pred", "1.2,1.7,2.0")]
    [TestCase("loss-curves", "--beta", "0")]
    [TestCase("backprop")]
    [TestCase("backprop-model", "--seed", "0", "--reduction", "mean")]
    [TestCase("robust-regression", "--steps", "200")]
    public void TheTakeawaysSayTheSameInChinese(string id, params string[] knobs)
    {
        LessonOutcome RunIn(CultureInfo culture)
        {
            var lesson = LessonRegistry.Find(id)!;
            long? seed = null;
            for (int i = 0; i + 1 < knobs.Length; i += 2)
                if (knobs[i] == "--seed") seed = long.Parse(knobs[i + 1], CultureInfo.InvariantCulture);
                else Knobs.Set(lesson, knobs[i][2..], knobs[i + 1]);
            var before = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = culture;
            try { return LessonRunner.Run(lesson, new RunOptions(seed, Device: DeviceChoice.Cpu, Notes: TextWriter.Null), TextWriter.Null); }
            finally { CultureInfo.CurrentUICulture = before; }
        }
        var en = RunIn(UiLanguage.English);
        var zh = RunIn(UiLanguage.Chinese);
        Assert.That((en.Error, zh.Error), Is.EqualTo(((string?)null, (string?)null)));
        Assert.That(zh.Takeaways.Select(t => t.Key), Is.EqualTo(en.Takeaways.Select(t => t.Key)));
        var number = new System.Text.RegularExpressions.Regex(@"-?\d+(\.\d+)?(e[-+]?\d+)?");
        foreach (var (e, z) in en.Takeaways.Zip(zh.Takeaways))
        {
            Assert.That(z.Text.Any(c => c is >= '\u4e00' and <= '\u9fff'), Is.True, $"{id} {z.Key}: {z.Text}");
            JsonObject zData = z.ToJson(), eData = e.ToJson();
            zData.Remove("text");
            eData.Remove("text");
            Assert.That(zData.ToJsonString(), Is.EqualTo(eData.ToJsonString()), $"{id} {z.Key}: the same data");
            var zhNumbers = number.Matches(z.Text).Select(m => m.Value).ToHashSet();
            Assert.That(number.Matches(e.Text).Select(m => m.Value).Where(v => v.Contains('.') || v.Length > 2).Where(v => !zhNumbers.Contains(v)), Is.Empty,
                $"{id} {z.Key}: a number of the English sentence is missing from the Chinese one\n{e.Text}\n{z.Text}");
        }
    }
}
