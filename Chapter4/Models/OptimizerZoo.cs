using Chapter4.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Models;

/// <summary>The five optimizers of the course by name, for lessons that compare them.</summary>
public static class OptimizerZoo
{
    /// <summary>The names, comma-separated: a constant, so a knob's <c>Choices</c> can name them.</summary>
    public const string NameList = "sgd,momentum,adagrad,rmsprop,adam";

    public static readonly string[] Names = NameList.Split(',');

    /// <summary>
    /// The optimizer at this learning rate: momentum 0.9; RMSProp alpha 0.9 (the course's); Adam with
    /// PyTorch's default betas (0.9, 0.999), not the course's (0.9, 0.99) — the lessons say so.
    /// </summary>
    public static optim.Optimizer Create(string name, IEnumerable<Parameter> parameters, double lr) => name switch
    {
        "sgd" => torch.optim.SGD(parameters, lr),
        "momentum" => torch.optim.SGD(parameters, lr, momentum: 0.9),
        "adagrad" => torch.optim.Adagrad(parameters, lr),
        "rmsprop" => torch.optim.RMSProp(parameters, lr, alpha: 0.9),
        "adam" => torch.optim.Adam(parameters, lr),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"unknown optimizer; valid: {NameList}"),
    };

    /// <summary>
    /// The same optimizer for <see cref="TrainingLoop.Fit"/>: SGD, momentum and Adam as flat-buffer optimizers, which
    /// compute bit-identical updates (BenchmarkTests) with fewer native calls; AdaGrad and RMSProp as torch.optim's.
    /// </summary>
    public static TrainingOptimizer CreateForTraining(string name, IEnumerable<Parameter> parameters, double lr) => name switch
    {
        "sgd" => new FlatSgd(parameters, lr),
        "momentum" => new FlatSgd(parameters, lr, momentum: 0.9),
        "adam" => new FlatAdam(parameters, lr),
        _ => Create(name, parameters, lr),
    };
}
