using System.ComponentModel.DataAnnotations;

namespace ReshipDashboard.Features.Api;

/// <summary>
/// How many calls each API key may make (`Api:RateLimit`): a bucket of <see cref="Burst"/> calls, refilled by
/// <see cref="PerSecond"/> every second. Calls beyond it are answered 429 with `Retry-After`. The contract promises
/// a key at least 50 calls a second, so no setting goes below that.
/// </summary>
public sealed class ApiRateLimitOptions : IValidatableObject
{
    public const string Section = "Api:RateLimit";
    public const int ContractMinimum = 50;

    public int PerSecond { get; set; } = 100;

    public int Burst { get; set; } = 200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PerSecond < ContractMinimum)
            yield return new ValidationResult($"Api:RateLimit:PerSecond 须不小于 {ContractMinimum}（接口约定每个密钥每秒至少可调用 {ContractMinimum} 次）", [nameof(PerSecond)]);
        if (Burst < PerSecond)
            yield return new ValidationResult("Api:RateLimit:Burst 须不小于 Api:RateLimit:PerSecond", [nameof(Burst)]);
    }
}
