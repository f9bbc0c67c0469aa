"""plans: proposals.summary, what lists show of a plan (so a list never reads plans)

Revision ID: 0007_plans_summary
Revises: 0002_plans
Create Date: 2026-12-06 10:05:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_plans_summary'
down_revision = '0002_plans'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from dispatch.plans.service import plan_summary

    # Added NOT NULL with a default, in place: rebuilding the table (what a later
    # "SET NOT NULL" takes on SQLite) fails once work items or versions refer to it.
    op.add_column('proposals', sa.Column('summary', sa.JSON(), nullable=False,
                                         server_default=sa.text("'{}'")))
    proposals = sa.table('proposals', sa.column('id', sa.Integer()),
                         sa.column('plan', sa.JSON()), sa.column('summary', sa.JSON()))
    conn = op.get_bind()
    ids = conn.scalars(sa.select(proposals.c.id).order_by(proposals.c.id)).all()
    for start in range(0, len(ids), 50):  # a plan is up to ~0.5 MB: a few at a time
        chunk = ids[start:start + 50]
        for pid, plan in conn.execute(sa.select(proposals.c.id, proposals.c.plan)
                                      .where(proposals.c.id.in_(chunk))).all():
            conn.execute(proposals.update().where(proposals.c.id == pid)
                         .values(summary=plan_summary(plan or {})))


def downgrade() -> None:
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('summary')
