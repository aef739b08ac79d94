"""`demo seed`."""
from app import demo
from app.commands import cli_actor
from app.db.database import Database


def demo_seed(db: Database) -> int:
    result = demo.seed(db, cli_actor())
    for name in result.created:
        print(f"created {name}")
    for name in result.existing:
        print(f"exists  {name}")
    print(f"demo users' password: {demo.DEMO_PASSWORD}")
    if result.demo_scale:
        print("a simulated truck scale is switched on for this counter (Scale screen: Demo)")
    made = {k: v for k, v in (result.weighing or {}).items() if v}
    if made:
        print("demo market: " + ", ".join(f"{n} {what}" for what, n in made.items()))
    if result.demo_printer:
        print(f"receipts print to {result.demo_printer} (read one: marketdesk print decode < FILE)")
    return 0
