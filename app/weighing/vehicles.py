"""Vehicles by normalised plate, and the tare library of non-standard vehicle types.

A vehicle's approved tare comes from its licensed curb weight, else its type's tare, else it
is weighed at exit (app.weighing.pricing.approved_tare decides; here is what it decides from).
Saving a plate inserts or updates, race-free: two counters saving the same new plate at once
end with one vehicle (INSERT .. ON CONFLICT DO NOTHING, then the row locked and updated)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.auth.actor import Actor, Override, require
from app.db.clock import db_now
from app.db.database import Database
from app.errors import Conflict, NotFound, ValidationError
from app.weighing.fields import changes, flag_field, flush_unique, grams_field, id_field, name_field, record
from app.weighing.merchants import MerchantSummary, summary_of
from app.weighing.models import Commodity, Merchant, Vehicle, VehicleType
from app.weighing.plates import normalize_plate

VEHICLE_TYPES_MAX = 500
VEHICLES_PER_LIST_MAX = 500


@dataclass(frozen=True)
class VehicleTypeInfo:
    id: int
    name: str
    tare_g: int
    active: bool


@dataclass(frozen=True)
class CommodityRef:
    id: int
    name: str


@dataclass(frozen=True)
class VehicleInfo:
    id: int
    plate: str
    merchant: MerchantSummary | None
    vehicle_type: VehicleTypeInfo | None
    licensed_tare_g: int | None
    weigh_tare_at_exit: bool
    last_commodity: CommodityRef | None     # what it brought last time: the desk's default
    updated_at: datetime


def _type_info(t: VehicleType) -> VehicleTypeInfo:
    return VehicleTypeInfo(t.id, t.name, t.tare_g, t.active)


# ---- the tare library ----------------------------------------------------------------------

def _vehicle_type(session: Session, type_id: int) -> VehicleType:
    vt = session.get(VehicleType, id_field(type_id, "vehicle type"))
    if vt is None:
        raise NotFound(f"vehicle type {type_id} does not exist")
    return vt


def create_vehicle_type(db: Database, actor: Actor, name: str, tare_g: int,
                        override: Override | None = None) -> VehicleTypeInfo:
    grant = require(actor, "vehicle.manage", override)
    name = name_field(name, "vehicle type name")
    tare_g = grams_field(tare_g, "tare")

    def work(session: Session) -> VehicleTypeInfo:
        conflict = Conflict(f"vehicle type {name} already exists")
        if session.scalar(select(VehicleType.id).where(VehicleType.name == name)) is not None:
            raise conflict
        vt = VehicleType(name=name, tare_g=tare_g, active=True, created_at=db_now(session))
        session.add(vt)
        flush_unique(session, conflict)
        record(session, grant, "vehicle_type.create", f"vehicle_type:{vt.id}", {"name": name, "tare_g": tare_g})
        return _type_info(vt)

    return db.transact(work)


def update_vehicle_type(db: Database, actor: Actor, type_id: int, *, name: str | None = None,
                        tare_g: int | None = None, active: bool | None = None,
                        override: Override | None = None) -> VehicleTypeInfo:
    """A changed tare applies to tickets from now on; tickets keep the tare they were charged with."""
    grant = require(actor, "vehicle.manage", override)
    new_name = name_field(name, "vehicle type name") if name is not None else None
    new_tare = grams_field(tare_g, "tare") if tare_g is not None else None
    new_active = flag_field(active, "active") if active is not None else None

    def work(session: Session) -> VehicleTypeInfo:
        vt = _vehicle_type(session, type_id)
        old = {"name": vt.name, "tare_g": vt.tare_g, "active": vt.active}
        new = {"name": new_name or vt.name, "tare_g": new_tare or vt.tare_g,
               "active": vt.active if new_active is None else new_active}
        diff = changes(old, new)
        if not diff:
            return _type_info(vt)
        conflict = Conflict(f"vehicle type {new['name']} already exists")
        if "name" in diff and session.scalar(select(VehicleType.id).where(VehicleType.name == new["name"])):
            raise conflict
        vt.name, vt.tare_g, vt.active = new["name"], new["tare_g"], new["active"]
        flush_unique(session, conflict)
        record(session, grant, "vehicle_type.update", f"vehicle_type:{vt.id}", diff)
        return _type_info(vt)

    return db.transact(work)


def list_vehicle_types(db: Database) -> list[VehicleTypeInfo]:
    """The whole library with active flags, lightest first (the order of a pick list)."""
    def work(session: Session) -> list[VehicleTypeInfo]:
        rows = session.scalars(select(VehicleType).order_by(VehicleType.tare_g, VehicleType.id)
                               .limit(VEHICLE_TYPES_MAX)).all()
        return [_type_info(t) for t in rows]

    return db.transact(work, readonly=True)


# ---- vehicles ------------------------------------------------------------------------------

_VEHICLE_ROW = (select(Vehicle, Merchant, VehicleType, Commodity.id, Commodity.name)
                .outerjoin(Merchant, Merchant.id == Vehicle.merchant_id)
                .outerjoin(VehicleType, VehicleType.id == Vehicle.vehicle_type_id)
                .outerjoin(Commodity, Commodity.id == Vehicle.last_commodity_id))


def _vehicle_info(row) -> VehicleInfo:
    vehicle, merchant, vt, commodity_id, commodity_name = row
    return VehicleInfo(vehicle.id, vehicle.plate, summary_of(merchant) if merchant else None,
                       _type_info(vt) if vt else None, vehicle.licensed_tare_g, vehicle.weigh_tare_at_exit,
                       CommodityRef(commodity_id, commodity_name) if commodity_id is not None else None,
                       vehicle.updated_at)


def find_vehicle_in(session: Session, plate: str) -> VehicleInfo | None:
    """The vehicle with this plate (typed any way normalize_plate accepts), inside the
    caller's transaction; None when the plate is not on record."""
    row = session.execute(_VEHICLE_ROW.where(Vehicle.plate == normalize_plate(plate))).first()
    return _vehicle_info(row) if row else None


def find_vehicle(db: Database, plate: str) -> VehicleInfo | None:
    """What the desk fills in when a plate is entered: merchant, tare sources, last commodity."""
    normalize_plate(plate)  # a typing mistake is reported before touching the database
    return db.transact(lambda session: find_vehicle_in(session, plate), readonly=True)


def list_vehicles(db: Database, *, merchant_id: int, limit: int = 100) -> list[VehicleInfo]:
    """A merchant's vehicles by plate (the merchant screen)."""
    id_field(merchant_id, "merchant")
    if type(limit) is not int or not 0 < limit <= VEHICLES_PER_LIST_MAX:
        raise ValidationError(f"limit: 1 to {VEHICLES_PER_LIST_MAX}")

    def work(session: Session) -> list[VehicleInfo]:
        rows = session.execute(_VEHICLE_ROW.where(Vehicle.merchant_id == merchant_id)
                               .order_by(Vehicle.plate).limit(limit)).all()
        return [_vehicle_info(r) for r in rows]

    return db.transact(work, readonly=True)


def _insert_new(session: Session, plate: str, fields: dict, now: datetime) -> bool:
    """Insert the plate unless it exists (also when another counter inserts it right now:
    PostgreSQL waits for that commit and does nothing). True when this call inserted it."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (insert(Vehicle).values(plate=plate, created_at=now, updated_at=now, last_commodity_id=None, **fields)
            .on_conflict_do_nothing(index_elements=["plate"]).returning(Vehicle.id))
    return session.execute(stmt).first() is not None


def save_vehicle(db: Database, actor: Actor, plate: str, *, merchant_id: int | None = None,
                 vehicle_type_id: int | None = None, licensed_tare_g: int | None = None,
                 weigh_tare_at_exit: bool = False, override: Override | None = None) -> VehicleInfo:
    """Insert the plate or update it with exactly these values (the vehicle form's save)."""
    grant = require(actor, "vehicle.manage", override)
    plate = normalize_plate(plate)
    if merchant_id is not None:
        id_field(merchant_id, "merchant")
    if vehicle_type_id is not None:
        id_field(vehicle_type_id, "vehicle type")
    if licensed_tare_g is not None:
        grams_field(licensed_tare_g, "licensed curb weight")
    flag_field(weigh_tare_at_exit, "weigh tare at exit")
    fields = {"merchant_id": merchant_id, "vehicle_type_id": vehicle_type_id,
              "licensed_tare_g": licensed_tare_g, "weigh_tare_at_exit": weigh_tare_at_exit}

    def work(session: Session) -> VehicleInfo:
        if merchant_id is not None and session.get(Merchant, merchant_id) is None:
            raise NotFound(f"merchant {merchant_id} does not exist")
        vt = _vehicle_type(session, vehicle_type_id) if vehicle_type_id is not None else None
        now = db_now(session)
        if _insert_new(session, plate, fields, now):
            if vt is not None and not vt.active:
                raise ValidationError(f"vehicle type: {vt.name} is no longer in use")
            record(session, grant, "vehicle.create", plate, fields)
        else:
            vehicle = session.scalar(select(Vehicle).where(Vehicle.plate == plate).with_for_update())
            assert vehicle is not None, "ON CONFLICT said the plate exists"
            old = {k: getattr(vehicle, k) for k in fields}
            diff = changes(old, fields)
            if "vehicle_type_id" in diff and vt is not None and not vt.active:
                raise ValidationError(f"vehicle type: {vt.name} is no longer in use")
            if diff:
                for key, value in fields.items():
                    setattr(vehicle, key, value)
                vehicle.updated_at = now
                session.flush()
                record(session, grant, "vehicle.update", plate, diff)
        info = find_vehicle_in(session, plate)
        assert info is not None
        return info

    return db.transact(work)
