using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Training;

/// <summary>optimizer.state[p] as PyTorch names it: TorchSharp keeps each parameter's state as fields of a typed object.</summary>
public static class OptimizerStates
{
    /// <summary>The state of the optimizer's first parameter (SGD.State, Adam.State, …).</summary>
    public static T Of<T>(optim.Optimizer optimizer) where T : OptimizerState =>
        (T)((OptimizerHelper)optimizer).state_dict().State[0];
}
