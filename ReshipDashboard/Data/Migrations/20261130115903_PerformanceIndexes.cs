using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReshipDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class PerformanceIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Orders_NeedsReissue_CreatedAtUtc",
                table: "Orders");

            migrationBuilder.AddColumn<string>(
                name: "OrderNo",
                table: "Reissues",
                type: "TEXT",
                maxLength: 22,
                nullable: false,
                defaultValue: "");

            // Reissues keep their order's number (it never changes) so the list sorts and filters by it on an index.
            migrationBuilder.Sql("UPDATE \"Reissues\" SET \"OrderNo\" = (SELECT \"OrderNo\" FROM \"Orders\" WHERE \"Orders\".\"Id\" = \"Reissues\".\"OrderId\");");

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_Status_OrderId",
                table: "Shipments",
                columns: new[] { "Status", "OrderId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReshipRequests_Status_UpdatedAtUtc",
                table: "ReshipRequests",
                columns: new[] { "Status", "UpdatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_CreatedAtUtc",
                table: "Reissues",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_OrderNo_Sequence",
                table: "Reissues",
                columns: new[] { "OrderNo", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_Sequence",
                table: "Reissues",
                column: "Sequence");

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_ShipByUtc",
                table: "Reissues",
                column: "ShipByUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_Status_OrderNo_Sequence",
                table: "Reissues",
                columns: new[] { "Status", "OrderNo", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_Status_ReissueNo",
                table: "Reissues",
                columns: new[] { "Status", "ReissueNo" });

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_Status_Sequence",
                table: "Reissues",
                columns: new[] { "Status", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Reissues_Status_ShipByUtc",
                table: "Reissues",
                columns: new[] { "Status", "ShipByUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Orders_PaidAtUtc",
                table: "Orders",
                column: "PaidAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_PaidAtUtc_NeedsReissue",
                table: "Orders",
                column: "PaidAtUtc",
                filter: "\"NeedsReissue\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Shipments_Status_OrderId",
                table: "Shipments");

            migrationBuilder.DropIndex(
                name: "IX_ReshipRequests_Status_UpdatedAtUtc",
                table: "ReshipRequests");

            migrationBuilder.DropIndex(
                name: "IX_Reissues_CreatedAtUtc",
                table: "Reissues");

            migrationBuilder.DropIndex(
                name: "IX_Reissues_OrderNo_Sequence",
                table: "Reissues");

            migrationBuilder.DropIndex(
                name: "IX_Reissues_Sequence",
                table: "Reissues");

            migrationBuilder.DropIndex(
                name: "IX_Reissues_ShipByUtc",
                table: "Reissues");

            migrationBuilder.DropIndex(
                name: "IX_Reissues_Status_OrderNo_Sequence",
                table: "Reissues");

            migrationBuilder.DropIndex(
                name: "IX_Reissues_Status_ReissueNo",
                table: "Reissues");

            migrationBuilder.DropIndex(
                name: "IX_Reissues_Status_Sequence",
                table: "Reissues");

            migrationBuilder.DropIndex(
                name: "IX_Reissues_Status_ShipByUtc",
                table: "Reissues");

            migrationBuilder.DropIndex(
                name: "IX_Orders_PaidAtUtc",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Orders_PaidAtUtc_NeedsReissue",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "OrderNo",
                table: "Reissues");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_NeedsReissue_CreatedAtUtc",
                table: "Orders",
                columns: new[] { "NeedsReissue", "CreatedAtUtc" });
        }
    }
}
