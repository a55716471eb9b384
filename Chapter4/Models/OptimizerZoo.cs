using Chapter4.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Models;

/// <summary>
/// RMSProp's α and Adam's betas. The rule of this chapter: the course's values wherever the chapter builds these
/// optimizers (the course gives alpha=0.9 in 3.3.5 and betas=(0.9, 0.99) in 3.3.6, and the learner meets them there
/// first); PyTorch's defaults (alpha=0.99, betas=(0.9, 0.999)) only when a knob asks for them.
/// </summary>
public sealed record OptimizerSettings(double RmsPropAlpha, double AdamBeta1, double AdamBeta2)
{
    /// <summary>The course's values: alpha=0.9 (3.3.5), betas=(0.9, 0.99) (3.3.6).</summary>
    public static OptimizerSettings Course { get; } = new(0.9, 0.9, 0.99);

    /// <summary>PyTorch's defaults, for the sentence that names them.</summary>
    public static OptimizerSettings PyTorchDefaults { get; } = new(0.99, 0.9, 0.999);
}

/// <summary>The five optimizers of the course by name, for lessons that compare them.</summary>
public static class OptimizerZoo
{
    /// <summary>The names, comma-separated: a constant, so a knob's <c>Choices</c> can name them.</summary>
    public const string NameList = "sgd,momentum,adagrad,rmsprop,adam";

    public static readonly string[] Names = NameList.Split(',');

    /// <summary>The momentum factor of "momentum".</summary>
    public const double Momentum = 0.9;

    /// <summary>
    /// The optimizer at this learning rate: momentum 0.9; RMSProp and Adam with <paramref name="settings"/> (the
    /// course's alpha 0.9 and betas (0.9, 0.99) when none are given: <see cref="OptimizerSettings"/>).
    /// </summary>
    public static optim.Optimizer Create(string name, IEnumerable<Parameter> parameters, double lr, OptimizerSettings? settings = null)
    {
        settings ??= OptimizerSettings.Course;
        return name switch
        {
            "sgd" => torch.optim.SGD(parameters, lr),
            "momentum" => torch.optim.SGD(parameters, lr, momentum: Momentum),
            "adagrad" => torch.optim.Adagrad(parameters, lr),
            "rmsprop" => torch.optim.RMSProp(parameters, lr, alpha: settings.RmsPropAlpha),
            "adam" => torch.optim.Adam(parameters, lr, beta1: settings.AdamBeta1, beta2: settings.AdamBeta2),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"unknown optimizer; valid: {NameList}"),
        };
    }

    /// <summary>
    /// The same optimizer for <see cref="TrainingLoop.Fit"/>: SGD, momentum and Adam as flat-buffer optimizers, which
    /// compute bit-identical updates (BenchmarkTests) with fewer native calls; AdaGrad and RMSProp as torch.optim's.
    /// </summary>
    public static TrainingOptimizer CreateForTraining(string name, IEnumerable<Parameter> parameters, double lr, OptimizerSettings? settings = null)
    {
        settings ??= OptimizerSettings.Course;
        return name switch
        {
            "sgd" => new FlatSgd(parameters, lr),
            "momentum" => new FlatSgd(parameters, lr, momentum: Momentum),
            "adam" => new FlatAdam(parameters, lr, settings.AdamBeta1, settings.AdamBeta2),
            _ => Create(name, parameters, lr, settings),
        };
    }

    /// <summary>
    /// What an optimizer was built with, read back from it (its param group's options, or the flat Adam's fields):
    /// ("alpha", α) for RMSProp, ("beta1", β1) and ("beta2", β2) for Adam, nothing for the others.
    /// </summary>
    public static IReadOnlyDictionary<string, double> SettingsOf(object optimizer) => optimizer switch
    {
        RMSProp r => new Dictionary<string, double> { ["alpha"] = ((RMSProp.Options)r.state_dict().Options[0]).alpha!.Value },
        Adam a => Betas((Adam.Options)a.state_dict().Options[0]),
        FlatAdam f => new Dictionary<string, double> { ["beta1"] = f.Beta1, ["beta2"] = f.Beta2 },
        TrainingOptimizer { Torch: { } inner } => SettingsOf(inner),
        _ => new Dictionary<string, double>(),
    };

    private static Dictionary<string, double> Betas(Adam.Options options) => new() { ["beta1"] = options.beta1!.Value, ["beta2"] = options.beta2!.Value };
}
