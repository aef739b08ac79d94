"""The Vehicles screen's search, through the desk's as-you-type search (app.weighing.search):
vehicles whose plate matches the fragment, and the vehicles of the merchants whose name,
initials or code match; best first, each vehicle once. No Qt: it runs on a worker."""
from __future__ import annotations

from app.db.database import Database
from app.weighing.search import search
from app.weighing.vehicles import VehicleInfo, find_vehicle, list_vehicles

HITS_MAX = 20
VEHICLES_MAX = 100


def find_vehicles(db: Database, text: str, limit: int = VEHICLES_MAX) -> list[VehicleInfo]:
    found: dict[int, VehicleInfo] = {}
    for hit in search(db, text, HITS_MAX):
        if len(found) >= limit:
            break
        if hit.plate is not None:
            vehicle = find_vehicle(db, hit.plate)
            if vehicle is not None:
                found.setdefault(vehicle.id, vehicle)
        elif hit.merchant is not None:
            for vehicle in list_vehicles(db, merchant_id=hit.merchant.id, limit=limit):
                found.setdefault(vehicle.id, vehicle)
    return list(found.values())[:limit]
