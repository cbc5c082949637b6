using ReshipDashboard.Domain.Common;

namespace ReshipDashboard.Domain.AfterSales;

public enum AfterSaleType
{
    RefundOnly,
    ReturnRefund,
    Reship,
}

public enum AfterSaleStatus
{
    Open,
    Withdrawn,
    Closed,
}

/// <summary>售后: a buyer's after-sale case on an order. Withdrawing one may make the system reissue by itself.</summary>
public sealed class AfterSale : IVersioned
{
    public const int MaxReasonLength = 100;
    public const int MaxDescriptionLength = 500;
    public const string ReasonLengthMessage = "售后原因最多 {0} 个字";
    public const string DescriptionLengthMessage = "说明最多 {0} 个字";

    private AfterSale() { }

    internal AfterSale(AfterSaleType type, string reason, string? description, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw DomainException.Invalid("reason", "请填写售后原因");
        if (TextInput.Length(reason) > MaxReasonLength) throw DomainException.Invalid("reason", ReasonLengthMessage, MaxReasonLength);
        if (TextInput.Length(description) > MaxDescriptionLength) throw DomainException.Invalid("description", DescriptionLengthMessage, MaxDescriptionLength);
        Type = type;
        Reason = reason.Trim();
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        Status = AfterSaleStatus.Open;
        CreatedAtUtc = nowUtc;
        UpdatedAtUtc = nowUtc;
    }

    public int Id { get; private set; }
    public int OrderId { get; private set; }
    public AfterSaleType Type { get; private set; }
    public AfterSaleStatus Status { get; private set; }
    public string Reason { get; private set; } = "";
    public string? Description { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }
    public Guid Version { get; set; }

    /// <summary>Withdraws an open after-sale; false when it was already withdrawn (a repeat changes nothing).</summary>
    public bool Withdraw(DateTime nowUtc)
    {
        if (Status == AfterSaleStatus.Withdrawn) return false;
        if (Status != AfterSaleStatus.Open)
            throw DomainException.State("售后单当前状态为{0}，不能撤销", ApiWords.Of(Status));
        Status = AfterSaleStatus.Withdrawn;
        UpdatedAtUtc = nowUtc;
        return true;
    }

    /// <summary>Closes the after-sale; false when it was not open.</summary>
    public bool Close(DateTime nowUtc)
    {
        if (Status != AfterSaleStatus.Open) return false;
        Status = AfterSaleStatus.Closed;
        UpdatedAtUtc = nowUtc;
        return true;
    }
}
