using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Models;
using Chapter4.Printing;
using TorchSharp;

namespace Chapter4.Lessons;

/// <summary>计算和查看模型参数: the course's train(): run the model, summarise it, list its parameters.</summary>
public sealed class ParametersLesson : ModelDemoLesson
{
    public override string Id => "parameters";
    public override string? Snippet => "1.2-parameters";
    public override CourseSection Section => CourseOutline.ModelParameters;
    public override string Description =>
        "the course's train(): output and shapes, a torchsummary table (26 params), every named parameter";

    public override void Run(LessonContext ctx)
    {
        // step 1 - build the model
        var my_model = new ModelDemo().to(ctx.Device);
        ctx.Print("my_model->", my_model);
        // step 2 - a random batch of 5 samples with 3 features
        var data = torch.randn(5, 3).to(ctx.Device);
        ctx.Print("data->", data);
        ctx.Print("data.shape->", data.shape);
        // step 3 - forward pass
        var output = my_model.call(data);
        ctx.Print("output->", new GradFnTensor(output, "SoftmaxBackward0"));
        ctx.Print("output.shape->", output.shape);
        // step 4 - count and view the parameters: summary(model=my_model, input_size=(5, 3))
        ctx.Print("====================计算和查看模型参数===================");
        var summary = ModelSummary.Of(my_model, inputSize: [5, 3]);
        ctx.Print(summary.Text);
        foreach (var (name, param) in my_model.named_parameters())
        {
            ctx.Print("name->", name);
            ctx.Print("param->", new ParameterRepr(param));
        }

        Record(ctx, my_model, data, output);
        ctx.Result("parameter_count", summary.TotalParams);
        ctx.Result("trainable_count", summary.TrainableParams);
        ctx.Result("layers", summary.Layers.Select(l => new Dictionary<string, object?>
        {
            ["name"] = l.Name,
            ["type"] = l.Type,
            ["output_shape"] = l.OutputShape,
            ["param_count"] = l.ParamCount,
        }));
    }
}
